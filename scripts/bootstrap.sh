#!/usr/bin/env bash
# Prepare .venv for gradanim on a fresh machine; fast no-op when nothing changed.
#
#   scripts/bootstrap.sh          # runtime + test dependencies
#   scripts/bootstrap.sh --test   # and the programs the tests drive (make test)
#
# 1. pycairo and manimpango build from source against cairo and pango, and 3D scenes draw
#    with OpenGL on Mesa's software renderer through EGL (no display, no GPU): install the
#    Debian packages libcairo2-dev, libpango1.0-dev, pkg-config, libegl1, libegl-mesa0 and
#    libgl1-mesa-dri when they are missing (with apt-get, as root or through sudo), or stop
#    and say exactly what to install. The test extra holds manim-voiceover, which manim loads
#    as a plugin at every start and which then looks for the SoX program: sox too.
# 2. Create .venv (python3 -m venv) when it is missing.
# 3. pip install -e '.[test]' when pyproject.toml changed since the last install.
# 4. With --test: the Debian packages chromium-headless-shell, in which the lesson-page test
#    loads a page (tests/test_lesson_page.py), and espeak-ng, the library the narrating voice
#    speaks with (--narrate, tests/test_narration.py), when apt-get can install them;
#    elsewhere a warning, and those tests are skipped with the same advice.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=.venv
STAMP=$VENV/.gradanim-install-stamp
SYSTEM_PACKAGES=(libcairo2-dev libpango1.0-dev pkg-config libegl1 libegl-mesa0 libgl1-mesa-dri sox)
TEST_PACKAGES=(chromium-headless-shell espeak-ng)
WITH_TEST_TOOLS=0
[ "${1:-}" = --test ] && WITH_TEST_TOOLS=1

say() { printf 'bootstrap: %s\n' "$*" >&2; }

have_system_libraries() {
    command -v pkg-config >/dev/null 2>&1 \
        && pkg-config --exists cairo pangocairo 2>/dev/null \
        && have_headless_opengl \
        && command -v sox >/dev/null 2>&1
}

have_headless_opengl() {
    # EGL with Mesa's vendor library and its software (llvmpipe) driver; elsewhere
    # (macOS, a GPU driver) moderngl finds its own way and 3D scenes say if it cannot.
    [ "$(uname -s)" != Linux ] && return 0
    command -v ldconfig >/dev/null 2>&1 || return 0
    ldconfig -p 2>/dev/null | grep -q 'libEGL.so.1 ' \
        && ldconfig -p 2>/dev/null | grep -q 'libEGL_mesa.so.0 ' \
        && { compgen -G '/usr/lib/*/dri/swrast_dri.so' >/dev/null || [ -e /usr/lib/dri/swrast_dri.so ]; }
}

have_test_tools() {
    { command -v chromium-headless-shell >/dev/null 2>&1 || command -v chromium >/dev/null 2>&1; } \
        && command -v espeak-ng >/dev/null 2>&1
}

apt_sudo() {
    # Prints the prefix apt-get needs here ("" as root, "sudo -n" with password-less sudo);
    # fails when apt-get cannot be run.
    command -v apt-get >/dev/null 2>&1 || return 1
    [ "$(id -u)" -eq 0 ] && return 0
    command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null && { echo "sudo -n"; return 0; }
    return 1
}

apt_install() {
    # apt's chatter (debconf notes and the like) goes to a log, shown only when it fails.
    local sudo=$1 log; shift
    log=$(mktemp)
    export DEBIAN_FRONTEND=noninteractive
    if ! { $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends "$@"; } >"$log" 2>&1; then
        tail -n 20 "$log" >&2
        rm -f "$log"
        return 1
    fi
    rm -f "$log"
}

install_test_tools() {
    local sudo
    if sudo=$(apt_sudo); then
        say "installing ${TEST_PACKAGES[*]} with apt-get (for the tests)"
        apt_install "$sudo" "${TEST_PACKAGES[@]}" && have_test_tools && return 0
    fi
    say "warning: no headless Chromium or espeak-ng; the lesson-page browser test and the"
    say "  narration tests will be skipped. Debian/Ubuntu: sudo apt-get install ${TEST_PACKAGES[*]}"
}

install_system_libraries() {
    local sudo
    if ! sudo=$(apt_sudo); then
        say "cairo and pango development files, Mesa's EGL or sox are missing and cannot be installed here."
        say "Install them with your package manager, then run this again:"
        say "  Debian/Ubuntu: sudo apt-get install ${SYSTEM_PACKAGES[*]}"
        say "  Fedora:        sudo dnf install cairo-devel pango-devel pkgconf-pkg-config mesa-libEGL mesa-dri-drivers espeak-ng sox"
        say "  macOS:         brew install cairo pango pkg-config espeak-ng sox"
        exit 1
    fi
    say "installing ${SYSTEM_PACKAGES[*]} with apt-get"
    apt_install "$sudo" "${SYSTEM_PACKAGES[@]}" || { say "apt-get failed (its last lines are above)"; exit 1; }
    have_system_libraries || { say "apt-get finished but cairo, pango, Mesa's EGL or sox still cannot be found"; exit 1; }
}

fingerprint() {
    # What the install depends on: the declared dependencies and the interpreter.
    { cat pyproject.toml; "$VENV/bin/python" --version; } | sha256sum | cut -d' ' -f1
}

[ "$WITH_TEST_TOOLS" = 1 ] && { have_test_tools || install_test_tools; }

if [ -f "$STAMP" ] && [ -x "$VENV/bin/python" ] && [ "$(cat "$STAMP")" = "$(fingerprint)" ]; then
    exit 0
fi

have_system_libraries || install_system_libraries

if [ ! -x "$VENV/bin/python" ]; then
    command -v "$PYTHON" >/dev/null 2>&1 || { say "$PYTHON not found: install Python 3.11 or newer"; exit 1; }
    "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
        || { say "gradanim needs Python 3.11 or newer ($PYTHON is $("$PYTHON" --version))"; exit 1; }
    say "creating $VENV"
    "$PYTHON" -m venv "$VENV" || { say "python3 -m venv failed: on Debian install python3-venv"; exit 1; }
fi

say "installing gradanim and its dependencies into $VENV (first run takes a few minutes)"
LOG=$VENV/bootstrap.log
if ! { "$VENV/bin/python" -m pip install --disable-pip-version-check --upgrade pip \
       && "$VENV/bin/python" -m pip install --disable-pip-version-check -e '.[test]'; } >"$LOG" 2>&1; then
    tail -n 30 "$LOG" >&2
    say "pip install failed; the whole log is in $LOG"
    exit 1
fi
fingerprint >"$STAMP"
say "ready"
