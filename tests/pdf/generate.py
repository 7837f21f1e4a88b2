#!/usr/bin/env python3
"""Renders the Word files of tests/formats/ to PDF with LibreOffice and extracts each PDF's text
with four common tools, so the readers can be tested on what PDF pipelines really hand over.
CI never runs this; its outputs are committed. Run from the repository root:

    apt-get install libreoffice-writer poppler-utils fonts-noto-cjk
    pip install python-docx==1.2.0 openpyxl==3.1.5 pdfplumber==0.11.10 pymupdf==2.0
    python3 tests/pdf/generate.py [STEM…]

For every new list (tests/formats/lists/) and every seed (tests/formats/generate.py SEEDS):
  tests/pdf/<stem>.portrait.pdf    tests/formats/<stem>.docx (A4 portrait) through
                                   `soffice --headless --convert-to pdf`
  tests/pdf/<stem>.landscape.pdf   the same document written again with its section set to A4
                                   landscape (w:orient="landscape", page width and height swapped)
and for each PDF four texts:
  <stem>.<orientation>.pdftotext-layout.txt   `pdftotext -layout -enc UTF-8`
  <stem>.<orientation>.pdftotext.txt          `pdftotext -enc UTF-8` (default reading order)
  <stem>.<orientation>.pdfplumber.txt         pdfplumber: page.extract_text() of every page, "\\n" between pages
  <stem>.<orientation>.pymupdf.txt            PyMuPDF: page.get_text() of every page, concatenated
The pdftotext texts keep the form feed (\\f) that ends each page.

The answer key of every PDF and of every text made from it is the list's key,
tests/gold/<stem>.json. The texts are byte-stable for a given PDF; the PDFs themselves carry
LibreOffice's creation time and ID and change on every run.
"""
import glob
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "tests", "pdf")

def _formats():
    """tests/formats/generate.py, under a name of its own (this file is a generate.py too)."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("formats_generate", os.path.join(ROOT, "tests", "formats", "generate.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


F = _formats()


def documents():
    docs = []
    for path in sorted(glob.glob(os.path.join(F.HERE, "lists", "l*.py"))):
        docs.append(F.list_document(F.load_list(path)))
    for stem in F.SEEDS:
        docs.append(F.seed_document(stem))
    return docs


# The documents name the fonts of Chinese government papers (仿宋_GB2312, 黑体, 方正小标宋简体).
# Unknown to fontconfig, LibreOffice lays rows out with one fallback font's metrics and draws with
# another's, and text overflows its cell; an alias to the Noto CJK fonts makes layout and drawing
# agree, as on a machine that has the real fonts.
FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <alias binding="same"><family>仿宋_GB2312</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>方正小标宋简体</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>黑体</family><prefer><family>Noto Sans CJK SC</family></prefer></alias>
</fontconfig>
"""


def soffice_pdf(docx_paths, outdir):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("soffice (LibreOffice) is needed")
    conf = os.path.join(outdir, "fonts.conf")
    with open(conf, "w", encoding="utf-8") as f:
        f.write(FONTS_CONF)
    env = dict(os.environ, FONTCONFIG_FILE=conf)
    profile = "file://" + os.path.join(outdir, "profile")  # a fresh profile: no running instance reused
    subprocess.run([soffice, "-env:UserInstallation=" + profile, "--headless", "--convert-to", "pdf",
                    "--outdir", outdir] + docx_paths, check=True, capture_output=True, env=env)


def extract(pdf, base):
    subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", pdf, base + ".pdftotext-layout.txt"], check=True)
    subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, base + ".pdftotext.txt"], check=True)
    import pdfplumber
    with pdfplumber.open(pdf) as doc:
        text = "\n".join(page.extract_text() or "" for page in doc.pages)
    with open(base + ".pdfplumber.txt", "w", encoding="utf-8", newline="\n") as f:
        f.write(text + "\n")
    import pymupdf
    with pymupdf.open(pdf) as doc:
        text = "".join(page.get_text() for page in doc)
    with open(base + ".pymupdf.txt", "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main():
    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        inputs = []
        # Optional stems on the command line: only those are made again.
        only = set(sys.argv[1:])
        for doc in documents():
            stem = doc["stem"]
            if only and stem not in only:
                continue
            portrait = os.path.join(tmp, stem + ".portrait.docx")
            shutil.copy(os.path.join(F.HERE, stem + ".docx"), portrait)
            landscape = os.path.join(tmp, stem + ".landscape.docx")
            F.write_docx(doc, landscape, landscape=True)
            inputs += [portrait, landscape]
        soffice_pdf(inputs, tmp)
        for path in inputs:
            name = os.path.basename(path)[:-len(".docx")]
            pdf = os.path.join(OUT, name + ".pdf")
            shutil.copy(os.path.join(tmp, name + ".pdf"), pdf)
            extract(pdf, os.path.join(OUT, name))
            print(name)


if __name__ == "__main__":
    main()
