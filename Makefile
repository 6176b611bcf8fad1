# The two commands of the README.  Each installs what is missing, then builds.
#   make demo   run the main job on its built-in default, results under out/
#   make test   build (Release and ASan+UBSan) and run every test
# Both build with -Werror (NEQ_WERROR=ON); a plain cmake build does not.
# Also: make install [PREFIX=/usr/local]  (Release build, then cmake --install)
JOBS ?= 2
PREFIX ?= /usr/local
RELEASE := build/release
ASAN := build/asan

.PHONY: demo test deps build build-asan bench install clean

deps:
	@scripts/install-deps

build: deps
	cmake -S . -B $(RELEASE) -DCMAKE_BUILD_TYPE=Release -DNEQ_WERROR=ON >/dev/null
	cmake --build $(RELEASE) -j $(JOBS)

build-asan: deps
	cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DNEQ_SANITIZE=ON -DNEQ_WERROR=ON >/dev/null
	cmake --build $(ASAN) -j $(JOBS)

demo: build
	@scripts/demo $(RELEASE)/neqent

test: build build-asan
	cd $(RELEASE) && ctest --output-on-failure -j $(JOBS)
	cd $(ASAN) && ctest --output-on-failure -j $(JOBS) -L unit

install: build
	cmake --install $(RELEASE) --prefix "$(PREFIX)"

bench: build
	bench/run $(RELEASE)

clean:
	rm -rf build
