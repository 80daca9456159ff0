/*
 * verdict: the command-line front end. It uses only include/verdict.h.
 *
 *   verdict run --lang {c,cpp,python} FILE [--tests DIR] [--stdin F]
 *               [--expect F] [--time-limit SEC] [--memory-limit MB]
 *               [--checker NAME] [--json] ...
 *   verdict evaluate|perf (--dataset NAME | --problems FILE) --samples F ...
 *   verdict doctor [--json]
 *   verdict version
 *
 * Exit status: 0 when the judge worked, whatever the verdict; 2 for a usage
 * error or unreadable input; 3 for a system error (SE) of the judge.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "verdict.h"

static void usage(FILE *f)
{
	fputs("usage: verdict <command> [options]\n"
	      "\n"
	      "commands:\n"
	      "  run       judge one program against tests in the sandbox\n"
	      "  evaluate  judge a benchmark's samples: pass@k and result files\n"
	      "  perf      measure the correct samples' efficiency against the\n"
	      "            references: efficient@k, speedup, memory\n"
	      "  doctor    show which isolation and measurement work here\n"
	      "  version   print the version\n"
	      "\n"
	      "`verdict <command> --help` describes a command's options.\n",
	      f);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return VD_CLI_USAGE;
	}
	if (!strcmp(argv[1], "run"))
		return vd_cli_run(argc - 1, argv + 1);
	if (!strcmp(argv[1], "evaluate"))
		return vd_cli_evaluate(argc - 1, argv + 1);
	if (!strcmp(argv[1], "perf"))
		return vd_cli_perf(argc - 1, argv + 1);
	if (!strcmp(argv[1], "doctor"))
		return vd_cli_doctor(argc - 1, argv + 1);
	if (!strcmp(argv[1], "version") || !strcmp(argv[1], "--version")) {
		printf("verdict %s\n", vd_version());
		return 0;
	}
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	fprintf(stderr, "verdict: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return VD_CLI_USAGE;
}
