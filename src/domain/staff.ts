export interface StaffUser {
  id: number;
  username: string;
  passwordHash: string;
  createdAt: Date;
}

export interface StaffSession {
  id: string;
  userId: number;
  username: string;
  csrfToken: string;
  expiresAt: Date;
}
