/**
 * A self-signed certificate for 127.0.0.1, valid until 2126, used only by the fake push
 * service in tests: web-push speaks HTTPS only. Made with:
 *   openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 36500 \
 *     -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1,DNS:localhost
 * It protects nothing; do not reuse it anywhere else.
 */
export const TEST_TLS_CERT = `-----BEGIN CERTIFICATE-----
MIIBmzCCAUGgAwIBAgIUSO5+nOQAmHgLqLMkTFmAWuriK+cwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTEyMzEzMzMzOFoYDzIxMjYxMDMw
MTMzMzM4WjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAQvoIApPBhcWTGZluYSQIOoDsaGPwuD+zoLca7V0FDhfSqfEVjGje5J
4aT2kLl8qFQPdzXqkvsacUttdRtfHuhvo28wbTAdBgNVHQ4EFgQUFmCO+9UZVBnK
icbUuEY0AwLPFRowHwYDVR0jBBgwFoAUFmCO+9UZVBnKicbUuEY0AwLPFRowDwYD
VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARhwR/AAABgglsb2NhbGhvc3QwCgYIKoZI
zj0EAwIDSAAwRQIhAPHyjvoYBYAkfRr6unWUeaTdqdwrXjZDau2+2+dnu2iSAiBI
R9aPM86D6XFAps7cdO/Io6CrljLRavpIJbfeqjbF4w==
-----END CERTIFICATE-----
`;

export const TEST_TLS_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQglHmKIVLQc23QYfnS
DDvJbpUjb0g3pMQjn4SoQQDmypKhRANCAAQvoIApPBhcWTGZluYSQIOoDsaGPwuD
+zoLca7V0FDhfSqfEVjGje5J4aT2kLl8qFQPdzXqkvsacUttdRtfHuhv
-----END PRIVATE KEY-----
`;
