export declare const TEST_BUILD_DIR_ENV: 'TEST_BUILD_DIR';
export declare function testFileName(file: string, options?: { buildDir?: string | undefined; cwd?: string }): string;
