// The seam for signing in through an organisation's identity provider (OpenID Connect). Not
// implemented yet; this is the shape an implementation plugs into, so the HTTP layer and the
// user store need no change when it comes.
//
// Flow (OpenID Connect Core 1.0 §3.1, authorization code flow with PKCE, RFC 7636):
// 1. `begin` returns the provider's authorization URL plus the state, nonce and PKCE verifier
//    the HTTP layer keeps (in a short-lived, HttpOnly cookie) until the callback;
// 2. the provider redirects back; `complete` exchanges the code, validates the ID token
//    (issuer, audience, expiry, nonce, signature against the provider's JWKS) and returns who
//    signed in;
// 3. `mapIdentity` finds or refuses the internal user: roles, clearance and compartments stay
//    Tearline's own (set by an administrator), never taken from the provider's claims.
//    A user signed in this way gets a session exactly as a password sign-in does (login.ts).
import type { UserRecord } from '../ports/users.ts';

export interface ExternalIdentity {
  /** The `iss` claim. */
  readonly issuer: string;
  /** The `sub` claim: stable per issuer. */
  readonly subject: string;
  readonly preferredUsername?: string;
  readonly email?: string;
  readonly name?: string;
}

export interface AuthorizationRequest {
  readonly url: string;
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

export type IdentityResult =
  | { readonly ok: true; readonly identity: ExternalIdentity }
  | { readonly ok: false; readonly reason: 'state-mismatch' | 'provider-error' | 'invalid-token' | 'expired'; readonly message: string };

export interface IdentityProvider {
  /** A short name used in routes (`/api/auth/oidc/<id>/...`) and audit entries. */
  readonly id: string;
  readonly displayName: string;
  begin(redirectUri: string): Promise<AuthorizationRequest>;
  complete(callback: { readonly code: string; readonly state: string }, expected: AuthorizationRequest, redirectUri: string): Promise<IdentityResult>;
}

/** Links external identities to internal users; null refuses the sign-in. */
export type IdentityMapping = (identity: ExternalIdentity) => Promise<UserRecord | null>;
