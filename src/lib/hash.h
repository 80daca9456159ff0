/*
 * hash: SHA-256 and MD5 (OpenSSL libcrypto), as lower-case hex.
 *
 * SHA-256 keys the result store (content addressing); MD5 is only what
 * EvalPlus writes as a dataset's "hash" in its result files.
 */
#ifndef VD_HASH_H
#define VD_HASH_H

#include <stddef.h>

#define VD_SHA256_HEX 65 /* 64 hex digits and a NUL */
#define VD_MD5_HEX    33

struct vd_sha256 {
	void *ctx; /* EVP_MD_CTX */
};

int vd_sha256_init(struct vd_sha256 *h);
void vd_sha256_update(struct vd_sha256 *h, const void *data, size_t len);
/* Adds a length-prefixed field, so that ("ab","c") and ("a","bc") differ. */
void vd_sha256_field(struct vd_sha256 *h, const void *data, size_t len);
void vd_sha256_field_str(struct vd_sha256 *h, const char *s);
/* Writes the digest and releases the context. */
void vd_sha256_final(struct vd_sha256 *h, char hex[VD_SHA256_HEX]);

int vd_sha256_hex(const void *data, size_t len, char hex[VD_SHA256_HEX]);
int vd_md5_hex(const void *data, size_t len, char hex[VD_MD5_HEX]);

#endif
