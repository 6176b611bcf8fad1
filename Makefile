# The two commands of the README.  Each installs what is missing, then builds.
#   make demo   run the main job on its built-in default, results under out/
#   make test   build (Release, ASan+UBSan, TSan) and run every test
# Both build with -Werror (NEQ_WERROR=ON); a plain cmake build does not.
# Also: make install [PREFIX=/usr/local]  (Release build, then cmake --install)
JOBS ?= 2
PREFIX ?= /usr/local
RELEASE := build/release
ASAN := build/asan
TSAN := build/tsan
PYBUILD := build/python
# Debian's python3 (numpy, cffi, qutip come from Debian packages)
PYTHON ?= /usr/bin/python3

.PHONY: demo test deps build build-asan build-tsan python python-asan bench install clean

deps:
	@scripts/install-deps

build: deps
	cmake -S . -B $(RELEASE) -DCMAKE_BUILD_TYPE=Release -DNEQ_WERROR=ON >/dev/null
	cmake --build $(RELEASE) -j $(JOBS)

build-asan: deps
	cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DNEQ_SANITIZE=ON -DNEQ_WERROR=ON >/dev/null
	cmake --build $(ASAN) -j $(JOBS)

# ThreadSanitizer: only the test of threads sharing plans (tests/threads/)
build-tsan: deps
	cmake -S . -B $(TSAN) -DCMAKE_BUILD_TYPE=Debug -DNEQ_TSAN=ON -DNEQ_WERROR=ON >/dev/null
	cmake --build $(TSAN) -j $(JOBS) --target threads_test_threads

# The Python package against the build tree: PYTHONPATH=build/python
python: build
	$(PYTHON) python/neqent_build.py $(RELEASE) $(PYBUILD)

# ... and against the ASan+UBSan build, for the bad-input tests of the C side
python-asan: build-asan
	$(PYTHON) python/neqent_build.py $(ASAN) build/python-asan

demo: build
	@scripts/demo $(RELEASE)/neqent

test: build build-asan build-tsan python python-asan
	cd $(RELEASE) && ctest --output-on-failure -j $(JOBS)
	PYTHONPATH=$(PYBUILD) $(PYTHON) tests/python/test_python.py $(RELEASE)/neqent
	PYTHONPATH=$(PYBUILD) $(PYTHON) tests/python/test_examples.py
	LD_PRELOAD="$$(gcc -print-file-name=libasan.so) $$(gcc -print-file-name=libubsan.so)" \
	  ASAN_OPTIONS=detect_leaks=0 PYTHONPATH=build/python-asan \
	  $(PYTHON) tests/python/test_python.py $(ASAN)/neqent --bad-input
	cd $(ASAN) && ctest --output-on-failure -j $(JOBS) -L unit
	cd $(TSAN) && ctest --output-on-failure -R threads

install: build
	cmake --install $(RELEASE) --prefix "$(PREFIX)"

bench: build
	bench/run $(RELEASE)

clean:
	rm -rf build
