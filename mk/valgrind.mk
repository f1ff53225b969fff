# make valgrind: the servers under memcheck through a short e2e pass.
valgrind: all
	@tests/valgrind.sh

.PHONY: valgrind
