"""Build-time benchmark: this book against a minimal Jupyter Book twin, side by side.

The twin has the same pages, the same _config.yml (extensions, theme) and one trivial code
cell (``1 + 1``) per page, so it measures the floor that Jupyter Book itself sets. Each case
is run ``--runs`` times on each project and reported as the median, with the ratio
book/twin, the number of notebooks executed (kernel starts) and, for the cold build, each
chapter's execution time. Run it with ``make bench`` (or ``python benchmarks/bench.py``).

How the pages fare in a reader's browser is Lighthouse CI's to measure (``make lighthouse``,
``lighthouserc.json``), and their weights are tests/test_site_weight.py's.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
JUPYTER_BOOK = str(Path(sys.executable).with_name("jupyter-book"))
BUILD_FLAGS = ["-W", "-n", "--keep-going"]
EDITED_CHAPTER = {"book": "book/grouping.md", "twin": "twin/page3.md"}
EDITED_MODULE = "code/fc_to_conv/image.py"
EXECUTED = re.compile(r"(\S+?)\.md: Executed notebook in ([\d.]+) seconds")  # not at a line start: Sphinx may not have ended its status line
#: Largest ratio book/twin allowed for a case, and how many notebooks each case may execute.
TIME_TARGETS = {"cold": 1.5, "no change": 1.2}
EXECUTION_TARGETS = {"no change": 0, "prose edit": 0, "code-cell edit": 1}
MAX_FIGURE_BYTES = 150_000



def copy_book(target):
    """The working tree's files that git tracks or would track, copied into ``target``."""
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=REPO, capture_output=True, text=True, check=True).stdout.split()
    for name in files:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, target / name)
    return target


def make_twin(target):
    """A twin of the book: same configuration, package and number of pages, one ``1 + 1`` cell per page.

    Its pages get names of their own, so the book's claim checks have nothing to check there,
    and each cell carries its page's name, so jupyter-cache cannot share one execution
    between identical notebooks.
    """
    (target / "twin").mkdir(parents=True)
    shutil.copy2(REPO / "_config.yml", target / "_config.yml")
    # The package's source too: the build publishes its wheel with the site (sphinxext.downloads),
    # so the twin pays for that as the book does, and does not warn that it has none.
    shutil.copytree(REPO / "code", target / "code", ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"))
    (target / "book").mkdir()
    shutil.copy2(REPO / "book" / "references.bib", target / "book" / "references.bib")
    header = (REPO / "book" / "fully_connected.md").read_text().split("---\n")[1]
    pages = [f"twin/page{n}" for n, _ in enumerate(sorted((REPO / "book").glob("*.md")))]
    for page in pages:
        (target / f"{page}.md").write_text(
            f"---\n{header}---\n\n# {page}\n\nA page of the twin.\n\n```{{code-cell}} ipython3\n1 + 1  # {page}\n```\n"
        )
    toc = ["format: jb-book", f"root: {pages[0]}", "chapters:"] + [f"  - file: {page}" for page in pages[1:]]
    (target / "_toc.yml").write_text("\n".join(toc) + "\n")
    return target


def build(project, package_path):
    """Build ``project``; return (seconds, {chapter: execution seconds})."""
    start = time.perf_counter()
    result = subprocess.run(
        [JUPYTER_BOOK, "build", str(project), *BUILD_FLAGS], capture_output=True, text=True,
        env={"PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin", "PYTHONPATH": str(package_path),
             "HOME": str(Path.home())},
    )
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"build of {project} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return seconds, {Path(doc).name: float(t) for doc, t in EXECUTED.findall(result.stdout + result.stderr)}


def edit_prose(project, run):
    with open(project / EDITED_CHAPTER[project.name], "a") as chapter:
        chapter.write(f"\nA sentence added by the benchmark, run {run}.\n")


def edit_code_cell(project, run):
    path = project / EDITED_CHAPTER[project.name]
    source = path.read_text()
    end_of_first_cell = source.index("\n```\n", source.index("```{code-cell}"))
    path.write_text(source[:end_of_first_cell] + f"\nedited_by_benchmark = {run}" + source[end_of_first_cell:])


def edit_package(package_root, run):
    with open(package_root / EDITED_MODULE, "a") as module:
        module.write(f"\n# edited by the benchmark, run {run}\n")


#: The cases in the order they are run, and the edit that comes before each: (name, edit, whose edit).
#: The package edit changes the package both projects are built with, so it is made once per run.
STEPS = (("cold", None, None), ("no change", None, None), ("prose edit", edit_prose, "project"),
         ("code-cell edit", edit_code_cell, "project"), ("package edit", edit_package, "package"))
#: A no-change rebuild takes about 2 s, so it is timed this many times per run (median kept).
NO_CHANGE_REPEATS = 3


def measure(book, twin, runs):
    """Every case ``runs`` times on each project, the two taking turns case by case, so that a
    machine that speeds up or slows down during the benchmark does not favour one of them.

    Returns {project: {case: [(seconds, executed), ...]}} for the book and the twin, and each
    one's chapter execution times in its last cold build.
    """
    results = {project: {case: [] for case, _, _ in STEPS} for project in (book, twin)}
    package_path = book / "code"
    chapter_times = {}
    for run in range(runs):
        for project in (book, twin):
            shutil.rmtree(project / "_build", ignore_errors=True)
        for case, edit, whose in STEPS:
            if whose == "package":
                edit(book, run)
            timings = {project: [] for project in (book, twin)}
            for _ in range(NO_CHANGE_REPEATS if case == "no change" else 1):
                for project in (book, twin):
                    if whose == "project":
                        edit(project, run)
                    seconds, executed = build(project, package_path)
                    timings[project].append((seconds, len(executed)))
                    if case == "cold":
                        chapter_times[project] = executed
            for project, measured in timings.items():
                results[project][case].append(
                    (statistics.median(s for s, _ in measured), max(n for _, n in measured)))
    return results[book], results[twin], chapter_times[book], chapter_times[twin]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per case (median reported), default 3")
    arguments = parser.parse_args()
    runs = arguments.runs
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        book = copy_book(tmp / "book")
        twin = make_twin(tmp / "twin")
        book_cases, twin_cases, chapter_times, twin_times = measure(book, twin, runs)
        figures = sorted((p.stat().st_size, p.name) for p in (book / "_build" / "html" / "_images").iterdir())

    print(f"\nmedian of {runs} runs; executed = notebooks executed (kernel starts), median\n")
    print(f"{'case':<16}{'book s':>9}{'twin s':>9}{'ratio':>8}{'book exec':>11}{'twin exec':>11}  target")
    misses = []
    for case in book_cases:
        b = statistics.median(s for s, _ in book_cases[case])
        t = statistics.median(s for s, _ in twin_cases[case])
        be = max(n for _, n in book_cases[case])
        te = max(n for _, n in twin_cases[case])
        target = []
        if case in TIME_TARGETS:
            target.append(f"ratio <= {TIME_TARGETS[case]}")
            if b / t > TIME_TARGETS[case]:
                misses.append(f"{case}: ratio {b / t:.2f}")
        if case in EXECUTION_TARGETS:
            target.append(f"exec == {EXECUTION_TARGETS[case]}")
            if be != EXECUTION_TARGETS[case]:
                misses.append(f"{case}: {be} executed")
        print(f"{case:<16}{b:>9.2f}{t:>9.2f}{b / t:>8.2f}{be:>11g}{te:>11g}  {', '.join(target)}")
    print("\nchapter execution times in a cold build (s), slowest first:")
    for chapter, seconds in sorted(chapter_times.items(), key=lambda item: -item[1]):
        print(f"  {chapter:<20}{seconds:>6.2f}")
    cores = os.cpu_count()
    for label, times in (("book", chapter_times), ("twin", twin_times)):
        total = sum(times.values())
        print(f"  {label}: {len(times)} notebooks, {total:.2f} s of execution in all, "
              f"{total / cores:.2f} s when shared evenly over {cores} cores")
    print(f"\nlargest figure: {figures[-1][0]:,} bytes ({figures[-1][1]}); limit {MAX_FIGURE_BYTES:,}")
    if figures[-1][0] > MAX_FIGURE_BYTES:
        misses.append("a figure is over the size limit")
    print("\ntargets missed: " + "; ".join(misses) if misses else "\nall targets met")


if __name__ == "__main__":
    main()
