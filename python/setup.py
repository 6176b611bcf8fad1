"""pip install ./python: the neqent package over the installed C library
(found through pkg-config; PKG_CONFIG_PATH if it is not in a standard
place), its binding compiled by cffi in API mode."""
from setuptools import setup

setup(
    name="neqent",
    version="0.1.0",
    description="Qubits out of thermal equilibrium: steady states, entanglement, heat",
    packages=["neqent"],
    setup_requires=["cffi>=1.15"],
    cffi_modules=["neqent_build.py:ffibuilder"],
    install_requires=["numpy", "cffi>=1.15"],
    python_requires=">=3.9",
)
