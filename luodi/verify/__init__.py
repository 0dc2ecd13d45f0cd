"""Claim verification: extract checkable atoms from an answer and check them against evidence."""

from luodi.verify.atoms import Atom, extract_atoms
from luodi.verify.check import VerifyReport, check_atoms, verify_answer

__all__ = ["Atom", "VerifyReport", "check_atoms", "extract_atoms", "verify_answer"]
