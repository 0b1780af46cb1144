"""Opening a filled form that Word or Excel encrypted with a password (agile encryption).

The file is an OLE compound file holding the encrypted zip. msoffcrypto-tool,
a maintained implementation of Office's encryption, decrypts it; the result is
then read like any other filled form, with the same limits.
"""

from __future__ import annotations

import io

from musforms.errors import AnswersError

__all__ = ["decrypt"]


def decrypt(data: bytes, password: str, *, label: str) -> bytes:
    """Return the plain content of an encrypted Office file.

    Raises:
        AnswersError: ``answers.wrong_password``, or ``answers.not_zip`` for an
            OLE file that is not an encrypted Office document.
    """
    import msoffcrypto
    from msoffcrypto.exceptions import DecryptionError, FileFormatError, InvalidKeyError

    try:
        office = msoffcrypto.OfficeFile(io.BytesIO(data))
        if not office.is_encrypted():
            raise AnswersError(code="answers.not_zip", file=label)
        office.load_key(password=password)
        plain = io.BytesIO()
        office.decrypt(plain)
    except (InvalidKeyError, DecryptionError):
        raise AnswersError(code="answers.wrong_password", file=label) from None
    except (FileFormatError, ValueError, OSError, EOFError, KeyError, IndexError):
        raise AnswersError(code="answers.not_zip", file=label) from None
    return plain.getvalue()
