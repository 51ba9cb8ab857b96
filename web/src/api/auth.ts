import { request } from './client';
import { UserResponse, type LoginInput, type ProfilePatch, type SignupInput } from './contracts';

export const signup = (input: SignupInput) => request('POST', '/api/auth/signup', { body: input, schema: UserResponse });
export const login = (input: LoginInput) => request('POST', '/api/auth/login', { body: input, schema: UserResponse });
export const logout = () => request('POST', '/api/auth/logout');
export const logoutAll = () => request('POST', '/api/auth/logout-all');
export const me = () => request('GET', '/api/auth/me', { schema: UserResponse });
export const updateProfile = (patch: ProfilePatch) => request('PATCH', '/api/me', { body: patch, schema: UserResponse });
