# The two commands: `make demo` starts MSP with demo data; `make test` runs the whole test suite.
.PHONY: demo test setup
demo:
	scripts/demo.sh
test:
	scripts/test.sh
setup:
	scripts/setup.sh
