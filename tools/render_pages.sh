#!/usr/bin/env bash
# tools/render_pages.sh FILE.docx OUTDIR [DPI]: a document's pages as PNG files, laid out by LibreOffice,
# to look at what a reader will see. Needs soffice (libreoffice-writer-nogui) and pdftoppm (poppler-utils).
set -euo pipefail
usage="usage: tools/render_pages.sh FILE.docx OUTDIR [DPI]"
doc=${1:?$usage} out=${2:?$usage} dpi=${3:-60}
for tool in soffice pdftoppm; do
  command -v "$tool" >/dev/null || { echo "render_pages: $tool is missing (Debian: libreoffice-writer-nogui, poppler-utils)" >&2; exit 1; }
done
mkdir -p "$out"
profile=$(mktemp -d)  # a throw-away LibreOffice profile: the user's own is never touched
trap 'rm -rf "$profile"' EXIT
HOME=$profile soffice -env:UserInstallation="file://$profile/lo" --headless --convert-to pdf --outdir "$profile" "$doc" >/dev/null 2>&1
pdf=$profile/$(basename "${doc%.*}").pdf
[[ -s $pdf ]] || { echo "render_pages: LibreOffice could not convert $doc" >&2; exit 1; }
pdftoppm -r "$dpi" -png "$pdf" "$out/page"
echo "$(find "$out" -name 'page*.png' | wc -l) pages in $out"
