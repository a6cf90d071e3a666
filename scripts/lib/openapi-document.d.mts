export const GENERATED_FILE: string;
export function generateAdminOpenApiDocument(): Promise<Record<string, unknown>>;
export function updateAdminOpenApiModule(options?: { check?: boolean }): Promise<boolean>;
