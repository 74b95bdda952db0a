// An observable found in text, before it becomes a mention and a STIX object.

export type ObservableType =
  | 'ipv4-addr'
  | 'ipv6-addr'
  | 'domain-name'
  | 'url'
  | 'email-addr'
  | 'file'
  | 'phone-number'
  | 'user-account'
  | 'cryptocurrency-wallet'
  | 'vehicle-plate';

export interface ObservableValue {
  readonly type: ObservableType;
  /** Normalised: refanged, lower-cased where the type is case-insensitive, E.164 for phones. */
  readonly value: string;
  /** file: MD5 | SHA-1 | SHA-256 | SHA-512; user-account: the platform; wallet: the currency. */
  readonly qualifier?: string;
}

export interface ObservableCandidate {
  readonly start: number;
  readonly end: number;
  readonly value: ObservableValue;
}
