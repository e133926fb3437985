"""The build must fail, and say why, for each way a number or a page can go wrong.

Each test builds a small fixture book (the real configuration, one chapter) in a
temporary folder; the real book is never edited. A drifted computation is made in a
copy of the package placed first on PYTHONPATH, so the build and its kernel import it.
The books are built in the test's process as ``jupyter-book build`` builds them
(tests/in_process.py); one test runs ``jupyter-book build`` itself, for its exit status.
A test that changes only the chapter's prose starts from the execution cache of the
control build, as a rebuild after an edit to the prose does: its cells are not run again.
"""

import shutil

import pytest

from conftest import LOCAL, REPO, build, make_fixture_book
from in_process import build_in_process

pytestmark = pytest.mark.slow

ROOT_PAGE = "# Fixture book\n\nA root page for one chapter.\n"
CHAPTER = (REPO / "book" / "fully_connected.md").read_text()
NOTEBOOK_HEADER = CHAPTER[: CHAPTER.index("# Image analysis")]


def fixture(tmp_path, chapter_source):
    """A fixture book whose only chapter is book/fully_connected with the given source."""
    return make_fixture_book(tmp_path / "src", {"book/index": ROOT_PAGE, "book/fully_connected": chapter_source})


def mutated_package(tmp_path, module, old, new):
    """A copy of the package with one edit; returns the folder to put on PYTHONPATH."""
    target = tmp_path / "pkg"
    shutil.copytree(REPO / "code" / "fc_to_conv", target / "fc_to_conv")
    path = target / "fc_to_conv" / module
    source = path.read_text()
    assert old in source, f"{old!r} is not in {module}: the test needs updating"
    path.write_text(source.replace(old, new))
    return target


def log(result):
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def control(tmp_path_factory):
    """The fixture book with the real chapter, unchanged, built once: (the build, its output folder)."""
    folder = tmp_path_factory.mktemp("control")
    return build_in_process(fixture(folder, CHAPTER), folder / "out"), folder / "out"


@pytest.fixture
def executed_output(control, tmp_path):
    """An output folder whose execution cache holds the control build's executed chapter."""
    result, output = control
    assert result.returncode == 0, log(result)[-3000:]
    cache = "_build/.jupyter_cache"
    shutil.copytree(output / cache, tmp_path / "out" / cache)
    return tmp_path / "out"


def test_the_fixture_chapter_builds_when_nothing_is_wrong(control):
    """Control: the failures below are caused by the defect each one plants."""
    result, _ = control
    assert result.returncode == 0, log(result)[-3000:]


DRIFTS = {
    # Two wires of the fully connected layer share an id: 143 weights instead of 144.
    "fully_connected": ("fully_connected.py", "np.arange(neurons * pixels).reshape(neurons, pixels)",
                        "np.minimum(np.arange(neurons * pixels), neurons * pixels - 2).reshape(neurons, pixels)",
                        "claim C2", "the article says 144, the package computes 143"),
    # Groups of two neurons instead of four: 72 weights instead of 36.
    "grouping": ("grouping.py", "group = group_of(neurons, groups)", "group = group_of(neurons, groups * 2)",
                 "claim C9", "the article says 36, the package computes 72"),
    # The final layer's kernels are shared by two neurons instead of four: 32 weights instead of 16.
    "locality": ("convolution.py", "group = group_of(cells.shape[0], groups)",
                 "group = group_of(cells.shape[0], groups * 2)",
                 "claim C14", "the article says 16, the package computes 32"),
}


@pytest.mark.parametrize("chapter", DRIFTS)
def test_a_drifted_count_fails_the_build_naming_the_claim(tmp_path, chapter):
    module, old, new, claim, message = DRIFTS[chapter]
    package = mutated_package(tmp_path, module, old, new)
    source = (REPO / "book" / f"{chapter}.md").read_text()
    book = make_fixture_book(tmp_path / "src", {"book/index": ROOT_PAGE, f"book/{chapter}": source})
    result = build_in_process(book, tmp_path / "out", env={"PYTHONPATH": str(package)})
    assert result.returncode != 0
    assert claim in log(result) and message in log(result), log(result)[-3000:]


def test_a_transposed_kernel_fails_the_convolution_proof(tmp_path):
    """Every count stays right, so only the executed proof can catch this."""
    package = mutated_package(
        tmp_path, "convolution.py", "group[:, None] * kernel_rows * kernel_cols + cells",
        "group[:, None] * kernel_rows * kernel_cols + (cells % kernel_cols) * kernel_rows + cells // kernel_cols",
    )
    source = (REPO / "book" / "convolution.md").read_text()
    book = make_fixture_book(tmp_path / "src", {"book/index": ROOT_PAGE, "book/convolution": source})
    result = build_in_process(book, tmp_path / "out", env={"PYTHONPATH": str(package)})
    assert result.returncode != 0
    assert "does not compute a convolution" in log(result), log(result)[-3000:]
    assert "claim C" not in log(result)


def test_a_claim_the_chapter_does_not_glue_fails_the_build(tmp_path, executed_output):
    source = CHAPTER.replace("{glue:text}`fc_weights`", "many")
    assert source != CHAPTER
    result = build_in_process(fixture(tmp_path, source), executed_output)
    assert result.returncode != 0
    assert "claim C2" in log(result) and "does not paste" in log(result)


def test_a_missing_glue_key_fails_the_build(tmp_path, executed_output):
    source = CHAPTER + "\nAnd {glue:text}`no_such_key` more.\n"
    result = build_in_process(fixture(tmp_path, source), executed_output)
    assert result.returncode != 0
    assert "no_such_key" in log(result)


def test_a_cell_that_raises_fails_the_build(tmp_path):
    """The raising cell comes first, so the chapter's own cells are not run for nothing before it."""
    raising = "```{code-cell} ipython3\nraise RuntimeError('planted by the test')\n```\n\n"
    source = NOTEBOOK_HEADER + raising + CHAPTER[len(NOTEBOOK_HEADER):]
    result = build_in_process(fixture(tmp_path, source), tmp_path / "out")
    assert result.returncode != 0
    assert "planted by the test" in log(result)


def test_a_sphinx_warning_fails_the_build(tmp_path, executed_output):
    """``jupyter-book build -W`` itself, not in process: its exit status is what make and CI see."""
    source = CHAPTER + "\nSee {doc}`a_chapter_that_does_not_exist`.\n"
    result = build(fixture(tmp_path, source), executed_output)
    assert result.returncode != 0
    assert "a_chapter_that_does_not_exist" in log(result)


def test_a_package_change_reexecutes_cached_chapters(tmp_path):
    """jupyter-cache alone would serve the old output: the chapter's cells did not change."""
    source = NOTEBOOK_HEADER + (
        "# Cache probe\n\n```{code-cell} ipython3\n"
        "from fc_to_conv.image import example_image\nprint('probe', example_image()[0, 0])\n```\n"
    )
    book = make_fixture_book(tmp_path / "src", {"book/index": ROOT_PAGE, "book/probe": source})
    out = tmp_path / "out"
    page = out / "_build" / "html" / "book" / "probe.html"

    package = mutated_package(tmp_path, "image.py", "((48, 160, 96)", "((48, 160, 96)")
    first = build_in_process(book, out, env={"PYTHONPATH": str(package)})
    assert first.returncode == 0, log(first)[-3000:]
    assert "probe 48.0" in page.read_text() and "Executing" in log(first)

    unchanged = build_in_process(book, out, env={"PYTHONPATH": str(package)})
    assert unchanged.returncode == 0 and "Executing" not in log(unchanged)

    image_py = package / "fc_to_conv" / "image.py"
    image_py.write_text(image_py.read_text().replace("((48, 160, 96)", "((49, 160, 96)"))
    second = build_in_process(book, out, env={"PYTHONPATH": str(package)})
    assert second.returncode == 0, log(second)[-3000:]
    assert "probe 49.0" in page.read_text() and "Executing" in log(second)


def latex(source, output):
    """The LaTeX builder (``make pdf`` without latexmk) on ``source``: the finished build."""
    return build_in_process(source, output, builder="latex", env=LOCAL)


@pytest.mark.parametrize("kind, found", [("appendix", "book/references follows an appendix"),
                                         ("chapter", "allowed: unnumbered, appendix")])
def test_a_page_the_pdf_cannot_number_fails_the_pdf_build(tmp_path, kind, found):
    """A page that says ``pdf: appendix`` before a page that does not (the references here), or names no kind."""
    page = f"---\npdf: {kind}\n---\n# A page\n\nText.\n"
    result = latex(make_fixture_book(tmp_path / "src", {"book/index": ROOT_PAGE, "book/page": page}), tmp_path / "out")
    assert result.returncode != 0 and found in log(result), log(result)[-3000:]


def test_the_pdf_numbers_pages_as_their_front_matter_says(tmp_path):
    """Control: an unnumbered page, then an appendix, build; the root page's title opens the text as a chapter."""
    pages = {"book/index": ROOT_PAGE, "book/page": "---\npdf: unnumbered\n---\n# A page\n\nText.\n",
             "book/late": "---\npdf: appendix\n---\n# Late\n\nText.\n"}
    source = make_fixture_book(tmp_path / "src", pages)
    (source / "_toc.yml").write_text("format: jb-book\nroot: book/index\nchapters:\n  - file: book/page\n"
                                     "  - file: book/references\n  - file: book/late\n")
    result = latex(source, tmp_path / "out")
    assert result.returncode == 0, log(result)[-3000:]
    [tex] = (tmp_path / "out" / "_build" / "latex").glob("*.tex")
    body = tex.read_text().split(r"\begin{document}")[1]
    at = 0
    for mark in (r"\fccunnumbered", r"\chapter{Fixture book}", r"\fccnumbered", r"\fccunnumbered", r"\chapter{A page}",
                 r"\chapter{References}", r"\fccnumbered\appendix", r"\chapter{Late}"):
        at = body.index(mark, at) + len(mark)  # each after the one before
