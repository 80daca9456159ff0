/*
 * harness_image: harness/verdict_harness.py, embedded in libverdict (see
 * docs/harness.md). The engine copies it into each function-call run's
 * /tmp. HARNESS_PY is the path of the file, given by the Makefile.
 */
	.section .rodata
	.globl vd_harness_image
	.hidden vd_harness_image
	.type vd_harness_image, @object
vd_harness_image:
	.incbin HARNESS_PY
	.globl vd_harness_image_end
	.hidden vd_harness_image_end
vd_harness_image_end:
	.section .note.GNU-stack,"",@progbits
