# The two commands a newcomer needs (both set up .venv on first use):
#   make render   render the default lesson (scenes/gradient_descent.py) to media/ as MP4 and GIF
#   make test     run the test suite (one worker per core: pytest-xdist)
# Others: make bench (speed benchmark), make clean.
.PHONY: render test bench clean setup setup-test
VENV := .venv
BIN := $(VENV)/bin

setup:
	@scripts/bootstrap.sh

setup-test:
	@scripts/bootstrap.sh --test

render: setup
	$(BIN)/gradanim demo

test: setup-test
	$(BIN)/python -m pytest -q -n auto

bench: setup
	$(BIN)/python scripts/benchmark.py

clean:
	rm -rf media/videos media/images media/texts media/Tex media/typst .pytest_cache
