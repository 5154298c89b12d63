import { StaffRole } from '../common/enums';

/** Roles used in `@Authorized(...)`. ADMIN can do whatever MERCHANDISER can. */
export enum Role {
  KIOSK = 'KIOSK',
  CUSTOMER = 'CUSTOMER',
  MERCHANDISER = 'MERCHANDISER',
  ADMIN = 'ADMIN',
}

export interface KioskPrincipal {
  kind: 'kiosk';
  kioskId: string;
  storeId: string;
}

export interface CustomerPrincipal {
  kind: 'customer';
  customerId: string;
}

export interface StaffPrincipal {
  kind: 'staff';
  staffId: string;
  role: StaffRole;
}

export interface AnonymousPrincipal {
  kind: 'anonymous';
}

/** Who is calling: established once per request from the bearer token. */
export type Principal = KioskPrincipal | CustomerPrincipal | StaffPrincipal | AnonymousPrincipal;

/** The roles a principal holds. */
export function rolesOf(principal: Principal): Role[] {
  switch (principal.kind) {
    case 'kiosk':
      return [Role.KIOSK];
    case 'customer':
      return [Role.CUSTOMER];
    case 'staff':
      return principal.role === StaffRole.ADMIN ? [Role.ADMIN, Role.MERCHANDISER] : [Role.MERCHANDISER];
    case 'anonymous':
      return [];
  }
}

/** Every role, for operations any signed-in caller may use. */
export const ANY_ROLE = [Role.KIOSK, Role.CUSTOMER, Role.MERCHANDISER, Role.ADMIN];
/** Staff roles. */
export const STAFF = [Role.MERCHANDISER, Role.ADMIN];
