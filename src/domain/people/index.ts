// People: internal users, their roles' permissions, clearances and compartments (issue 8).
export { PERMISSIONS, ROLE_PERMISSIONS, isPermission, isRole, permissionsOf, rolesGranting, type Permission } from './permissions.ts';
export {
  checkProfile,
  isClearance,
  normaliseCompartment,
  normaliseUsername,
  type Clearance,
  type ProfileInput,
  type ProfileIssue,
  type ProfileResult,
  type UserProfile,
} from './user.ts';
export {
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  describePasswordProblem,
  normalisePassword,
  passwordProblems,
  type PasswordProblem,
} from './passwordRules.ts';
