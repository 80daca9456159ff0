#include "hash.h"

#include <openssl/evp.h>
#include <stdint.h>
#include <stdio.h>

#include "verdict.h"

static void to_hex(const unsigned char *d, unsigned n, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	for (unsigned i = 0; i < n; i++) {
		hex[2 * i] = digits[d[i] >> 4];
		hex[2 * i + 1] = digits[d[i] & 15];
	}
	hex[2 * n] = '\0';
}

int vd_sha256_init(struct vd_sha256 *h)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	if (!c || EVP_DigestInit_ex(c, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(c);
		h->ctx = NULL;
		return VD_ENOMEM;
	}
	h->ctx = c;
	return 0;
}

void vd_sha256_update(struct vd_sha256 *h, const void *data, size_t len)
{
	if (h->ctx && len)
		EVP_DigestUpdate(h->ctx, data, len);
}

void vd_sha256_field(struct vd_sha256 *h, const void *data, size_t len)
{
	uint64_t n = len;
	vd_sha256_update(h, &n, sizeof(n));
	vd_sha256_update(h, data, len);
}

void vd_sha256_field_str(struct vd_sha256 *h, const char *s)
{
	size_t n = 0;
	while (s && s[n])
		n++;
	vd_sha256_field(h, s ? s : "", n);
}

void vd_sha256_final(struct vd_sha256 *h, char hex[VD_SHA256_HEX])
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned n = 0;
	if (!h->ctx || EVP_DigestFinal_ex(h->ctx, d, &n) != 1)
		n = 0;
	to_hex(d, n, hex);
	EVP_MD_CTX_free(h->ctx);
	h->ctx = NULL;
}

int vd_sha256_hex(const void *data, size_t len, char hex[VD_SHA256_HEX])
{
	struct vd_sha256 h;
	if (vd_sha256_init(&h) < 0)
		return VD_ENOMEM;
	vd_sha256_update(&h, data, len);
	vd_sha256_final(&h, hex);
	return 0;
}

int vd_md5_hex(const void *data, size_t len, char hex[VD_MD5_HEX])
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned n = 0;
	if (EVP_Digest(data, len, d, &n, EVP_md5(), NULL) != 1)
		return VD_ENOMEM;
	to_hex(d, n, hex);
	return 0;
}
