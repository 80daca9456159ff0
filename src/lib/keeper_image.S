/*
 * keeper_image: the keeper binary (src/keeper/keeper.c, built static),
 * embedded in libverdict so that the library needs no helper file on disk.
 * sandbox.c writes it to a sealed memfd once and execs it per slot.
 * KEEPER_BIN is the path of the built keeper, given by the Makefile.
 */
	.section .rodata
	.balign 16
	.globl vd_keeper_image
	.hidden vd_keeper_image
	.type vd_keeper_image, @object
vd_keeper_image:
	.incbin KEEPER_BIN
	.globl vd_keeper_image_end
	.hidden vd_keeper_image_end
vd_keeper_image_end:
	.section .note.GNU-stack,"",@progbits
