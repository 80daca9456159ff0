/*
 * verdict doctor: which isolation and measurement features work here.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "verdict.h"

static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

int vd_cli_doctor(int argc, char **argv)
{
	struct vd_check checks[32];
	struct vd_config cfg;
	struct vd_error err = { 0 };
	uint32_t n = 0;
	int json = argc > 1 && !strcmp(argv[1], "--json");

	if (argc > 2 || (argc == 2 && !json)) {
		fprintf(stderr, "usage: verdict doctor [--json]\n");
		return VD_CLI_USAGE;
	}
	vd_config_init(&cfg);
	if (vd_cli_config_env(&cfg) < 0)
		return VD_CLI_USAGE;
	if (vd_doctor(&cfg, checks, 32, &n, &err) < 0) {
		vd_cli_error("doctor", &err);
		return VD_CLI_SYSTEM;
	}
	if (json) {
		printf("[");
		for (uint32_t i = 0; i < n; i++) {
			printf("%s{\"name\": ", i ? ", " : "");
			json_string(checks[i].name);
			printf(", \"ok\": %s, \"detail\": ",
			       checks[i].ok ? "true" : "false");
			json_string(checks[i].detail);
			printf(", \"remedy\": ");
			json_string(checks[i].remedy);
			printf("}");
		}
		printf("]\n");
		return VD_CLI_OK;
	}
	printf("verdict %s doctor\n\n", vd_version());
	for (uint32_t i = 0; i < n; i++) {
		printf("[%s] %-30s %s\n", checks[i].ok ? " ok " : "MISS",
		       checks[i].name, checks[i].detail);
		if (!checks[i].ok && checks[i].remedy[0])
			printf("       %-30s fix: %s\n", "", checks[i].remedy);
	}
	return VD_CLI_OK;
}
