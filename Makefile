# The two commands: `make demo` starts MSP with demo data; `make test` runs the whole test suite.
.PHONY: demo test setup prod-demo
demo:
	scripts/demo.sh
test:
	scripts/test.sh
setup:
	scripts/setup.sh
# Production settings, gunicorn and a throwaway PostgreSQL, with the demo data (README: Production).
prod-demo:
	scripts/prod_demo.sh
