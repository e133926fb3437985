"""Mutation check: plant one small, plausible bug at a time in a copy of the package; the fast suite must fail.

Each :data:`MUTATIONS` entry is ``(name, module, old, new, why, first)``: the module file in
``code/fc_to_conv``, an exact text that must occur exactly once in it, its replacement,
what the bug would mean, and the test file most likely to catch it. For each one, a fresh
copy of the package gets that one edit and the fast suite (``pytest -m "not slow"``, the
unit tests) runs from the repository root with the copy first on PYTHONPATH, stopping at
the first failure: the ``first`` file on its own, then, only if it passes, the whole fast
suite. A mutation is *killed* when a run reports failing tests; one that *survives* passed
the whole fast suite and shows a gap in the unit tests. Running the likely file first only
saves time (most mutants fall to it in a few seconds, without importing the rest of the
suite); it changes no verdict.

Two controls keep the verdicts honest:

- the unmutated copy must pass the fast suite (otherwise every mutant would look killed);
- a tiny pytest plugin (``mutation_probe``, written next to the copy) records, at the end
  of the run, the file of every ``fc_to_conv`` module the run imported; every one must
  come from the copy, and the mutated module must be among them (otherwise a mutant could
  survive, or look killed, because the copy was never used).

The runs are independent, so :func:`start_runs` runs them ``--jobs`` at a time (two, for the
project's two cores), the control among them. Run ``python tests/mutations.py`` for one line
per mutation and the score (exit status 1 if any mutation survived, 2 if a control failed);
``tests/test_mutations.py`` runs the same checks under pytest, one test per mutation (marked
slow). Importing this module has no side effects.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "code" / "fc_to_conv"

#: The fast suite, stopping at its first failure, but for the tests to run (a file, or ``tests``
#: for all of them). ``--hypothesis-profile=ci`` makes the property tests derandomized and
#: turns off their example database, so a verdict is reproducible and a mutant's failing
#: examples are not saved into the repository's ``.hypothesis`` folder.
FAST_SUITE = ["-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-m", "not slow",
              "--hypothesis-profile=ci", "-p", "mutation_probe"]
#: Seconds after which one pytest run is abandoned (the whole fast suite takes ~40 s on a quiet
#: machine, several times that on a busy one).
TIMEOUT = 900
#: Runs at once: one per core of the project's 2-core machine.
JOBS = min(2, os.cpu_count() or 1)
#: pytest's exit status when tests ran and some failed (2-4 are interrupts and usage errors).
TESTS_FAILED = 1

PROBE_PLUGIN = '''"""Records which fc_to_conv modules this pytest run imported, and from where."""
import json
import sys
from pathlib import Path


def pytest_sessionfinish(session, exitstatus):
    imported = {
        name: getattr(module, "__file__", None)
        for name, module in list(sys.modules.items())
        if name == "fc_to_conv" or name.startswith("fc_to_conv.")
    }
    Path(__file__).with_name("imported.json").write_text(json.dumps(imported, indent=1, sort_keys=True))
'''


class Mutation(NamedTuple):
    name: str
    module: str
    old: str
    new: str
    why: str
    first: str  # the test file run first, on its own (a path from the repository's root)


MUTATIONS = (
    Mutation(
        "wires-count-every-entry", "wiring.py",
        "np.count_nonzero(self.ids != NO_WIRE)",
        "np.count_nonzero(self.ids >= NO_WIRE)",
        "Off-by-one at the NO_WIRE boundary: the -1 entries count as wires, so a local layer "
        "reports neurons x pixels wires. (`> NO_WIRE` would be an equivalent mutant: ids >= -1 "
        "is enforced, so `> -1` and `!= -1` agree.)",
        "tests/test_wiring.py",
    ),
    Mutation(
        "distinct-ids-count-no-wire", "wiring.py",
        "return int(np.count_nonzero(np.bincount(ids[ids != NO_WIRE].ravel())))",
        "return int(np.unique(ids).size)",
        "Distinct ids off by one: -1 is counted as a weight whenever a pixel is unwired, "
        "so the final layer has 17 weights instead of 16.",
        "tests/test_wiring.py",
    ),
    Mutation(
        "renumber-order-not-inverted", "wiring.py",
        "order = np.argsort(np.argsort(first))",
        "order = np.argsort(first)",
        "renumber() uses the permutation instead of its inverse: sharing is kept, but ids are "
        "no longer numbered in order of first appearance as documented (identical whenever "
        "that permutation is its own inverse).",
        "tests/test_wiring.py",
    ),
    Mutation(
        "reduction-kept-fraction", "wiring.py",
        "return 1 - after.weights / before.weights",
        "return after.weights / before.weights",
        "The reduction returns the fraction of weights kept (25%) instead of removed (75%).",
        "tests/test_wiring.py",
    ),
    Mutation(
        "windows-column-major", "image.py",
        "np.stack(np.divmod(np.arange(out_rows * out_cols), out_cols), axis=1)",
        "np.stack(np.divmod(np.arange(out_rows * out_cols), out_rows), axis=1)[:, ::-1]",
        "Windows numbered column-major: neuron 1 of a group sees the window at (1, 0), not (0, 1); "
        "every count is unchanged, only the layout of each feature map is transposed.",
        "tests/test_image.py",
    ),
    Mutation(
        "grouped-ids-per-neuron", "grouping.py",
        "return group[:, None] * pixels + np.arange(pixels)[None, :]",
        "return np.arange(group.size)[:, None] * pixels + np.arange(pixels)[None, :]",
        "The shared id is dropped: ids keyed per neuron instead of per group, so the grouped "
        "layer has 144 weights, like the fully connected one, instead of 36.",
        "tests/test_stages.py",
    ),
    Mutation(
        "group-of-divides-by-groups", "grouping.py",
        "return np.arange(neurons) // size",
        "return np.arange(neurons) // groups",
        "Wrong group size: neurons divided by the number of groups instead of the group size. "
        "Invisible on the article's example (16 neurons, 4 groups of 4).",
        "tests/test_stages.py",
    ),
    Mutation(
        "window-of-repeat", "locality.py",
        "np.tile(np.arange(n_windows), groups)",
        "np.repeat(np.arange(n_windows), groups)",
        "Neuron-to-window assignment repeated instead of tiled: all neurons of group 0 see "
        "window 0; counts are unchanged (16 weights, 64 wires).",
        "tests/test_stages.py",
    ),
    Mutation(
        "locality-window-shifted", "locality.py",
        "cells[neuron, window_pixels[window]] = ",
        "cells[neuron, window_pixels[window] - 1] = ",
        "Each neuron's window shifted by one pixel (flattened, wrapping around): still 4 wires "
        "per neuron and 16 weights, but the wrong pixels.",
        "tests/test_stages.py",
    ),
    Mutation(
        "kernel-cells-reversed", "convolution.py",
        "group[:, None] * kernel_rows * kernel_cols + cells",
        "group[:, None] * kernel_rows * kernel_cols + (kernel_rows * kernel_cols - 1 - cells)",
        "The final layer's kernel is flipped (cells numbered backwards): the layer computes a "
        "true convolution, not the cross-correlation the proof claims; every count is unchanged.",
        "tests/test_convolution_proof.py",
    ),
    Mutation(
        "convolve-unflipped", "convolution.py",
        "image[r + rows - 1 - a, c + cols - 1 - b]",
        "image[r + a, c + b]",
        "convolve() without the flip is a cross-correlation, so the proof's second reference "
        "(flipped convolution) no longer tests anything independent.",
        "tests/test_convolution_proof.py",
    ),
    Mutation(
        "kernel-as-large-as-image-rejected", "validate.py",
        "if kernel_shape[0] > image_shape[0] or kernel_shape[1] > image_shape[1]:",
        "if kernel_shape[0] >= image_shape[0] or kernel_shape[1] >= image_shape[1]:",
        "Off-by-one in the fit check: a kernel exactly as large as the image (one position) is rejected.",
        "tests/test_image.py",
    ),
    Mutation(
        "claim-article-value", "claims.py",
        '"144", ',
        '"145", ',
        "A typo in the article's value of claim C2 (144 weights): the registry and the "
        "computation disagree, which only claims.check() notices.",
        "tests/test_claims.py",
    ),
    Mutation(
        "percent-one-decimal", "text.py",
        'PERCENT_2DP = "{:.2%}"',
        'PERCENT_2DP = "{:.1%}"',
        "The two-decimal percentage format loses a digit: claim C16 is computed as 88.9%, "
        "the article says 88.89%.",
        "tests/test_text.py",
    ),
    Mutation(
        "svg-group-non-inherited-style", "svg.py",
        "not properties <= INHERITED",
        "False",
        "Compacting moves a style that does not inherit (opacity) from its shapes to a group: "
        "overlapping shapes would blend as one, and the figure would look different.",
        "tests/test_svg.py",
    ),
    Mutation(
        "same-padding-odd-zero-before", "real_layers.py",
        "return total // 2, total - total // 2",
        "return total - total // 2, total // 2",
        'padding="same" puts an odd zero before the first pixel instead of after: the sizes stay '
        "Keras's, but a stride-2 layer on an even side reads its windows one pixel up and left.",
        "tests/test_real_layers.py",
    ),
    Mutation(
        "dilation-ignored-by-the-closed-form", "real_layers.py",
        "reach = (kernel - 1) * dilation  # full",
        "reach = kernel - 1  # full",
        "The closed form counts the padding pairs of a dilated kernel as if its cells were adjacent: "
        "the multiply-accumulates of a padded, dilated layer come out wrong.",
        "tests/test_real_layers.py",
    ),
)


class Run(NamedTuple):
    """One run of the fast suite against a copy of the package."""

    returncode: int  # None if the run timed out
    seconds: float
    output: str
    imported: dict  # module name -> file, as recorded by the probe plugin ({} if it did not run)
    copy: Path  # the folder put first on PYTHONPATH

    def foreign_modules(self):
        """fc_to_conv modules the run imported from anywhere but the copy."""
        root = (self.copy / "fc_to_conv").resolve()
        return sorted(
            name for name, file in self.imported.items()
            if file is None or root not in Path(file).resolve().parents
        )

    def used_copy_of(self, module):
        """True if the run imported ``fc_to_conv/<module>`` (and every fc_to_conv module) from the copy."""
        stem = Path(module).stem
        name = "fc_to_conv" if stem == "__init__" else f"fc_to_conv.{stem}"
        return name in self.imported and not self.foreign_modules()

    def failures(self):
        """The failing tests named in pytest's short summary (FAILED/ERROR lines)."""
        return re.findall(r"^(?:FAILED|ERROR) (\S+)", self.output, flags=re.MULTILINE)

    def tail(self, chars=3000):
        return self.output[-chars:]


def copy_package(folder, mutation=None):
    """Copy the package into ``folder`` (plus the probe plugin), applying ``mutation`` if given; return ``folder``.

    Raises AssertionError unless the mutation's old text occurs exactly once in its module,
    so a refactor that removes or duplicates it fails loudly instead of passing.
    """
    folder = Path(folder)
    shutil.copytree(PACKAGE, folder / "fc_to_conv", ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "mutation_probe.py").write_text(PROBE_PLUGIN)
    if mutation is not None:
        path = folder / "fc_to_conv" / mutation.module
        assert path.is_file(), f"mutation {mutation.name}: there is no module {mutation.module}"
        source = path.read_text()
        count = source.count(mutation.old)
        assert count == 1, (
            f"mutation {mutation.name}: {mutation.old!r} occurs {count} times in {mutation.module}, "
            f"not once; update tests/mutations.py to the package's current code"
        )
        path.write_text(source.replace(mutation.old, mutation.new))
    return folder


def run_fast_suite(folder, first=None, timeout=TIMEOUT):
    """Run the fast suite from the repository root with ``folder`` first on PYTHONPATH.

    With ``first`` (a test file), that file runs on its own first, and the whole fast suite only
    if it passes; the Run is the last one, its ``seconds`` those of both.
    """
    if first is not None:
        early = run_tests(folder, first, timeout)
        if early.returncode != 0:
            return early
        whole = run_tests(folder, "tests", timeout)
        return whole._replace(seconds=early.seconds + whole.seconds)
    return run_tests(folder, "tests", timeout)


def run_tests(folder, tests, timeout=TIMEOUT):
    """One run of the fast suite's ``tests`` (a file, or ``tests``), with ``folder`` first on PYTHONPATH."""
    folder = Path(folder)
    probe = folder / "imported.json"
    probe.unlink(missing_ok=True)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(folder), *filter(None, [os.environ.get("PYTHONPATH")])]),
        "PYTHONDONTWRITEBYTECODE": "1",  # no .pyc written into tests/ by the mutant runs
    }
    start = time.perf_counter()
    try:
        result = subprocess.run([sys.executable, *FAST_SUITE, tests], cwd=REPO, env=env,
                                capture_output=True, text=True, timeout=timeout)
        returncode, output = result.returncode, result.stdout + result.stderr
    except subprocess.TimeoutExpired as expired:
        returncode = None
        output = f"timed out after {timeout} s\n" + "".join(
            part.decode(errors="replace") if isinstance(part, bytes) else (part or "")
            for part in (expired.stdout, expired.stderr)
        )
    seconds = time.perf_counter() - start
    imported = json.loads(probe.read_text()) if probe.is_file() else {}
    return Run(returncode, seconds, output, imported, folder)


def verdict(mutation, run):
    """'killed', 'survived', or why the run proves nothing about the mutation."""
    if not run.used_copy_of(mutation.module):
        return "not-imported"
    if run.returncode == TESTS_FAILED:
        return "killed"
    if run.returncode == 0:
        return "survived"
    return "timeout" if run.returncode is None else f"broken-run(exit {run.returncode})"


def check_mutation(mutation, scratch):
    """Copy the package into a new folder under ``scratch``, apply ``mutation``, run the fast suite."""
    folder = Path(tempfile.mkdtemp(prefix=f"{mutation.name}-", dir=scratch))
    return run_fast_suite(copy_package(folder / "copy", mutation), mutation.first)


def start_runs(pool, mutations, scratch):
    """Submit to ``pool`` the control run (the unmutated copy, the whole fast suite) and one run per
    mutation, in that order; return the control's future and a list of the mutations' futures."""
    control = pool.submit(lambda: run_fast_suite(copy_package(Path(scratch) / "control")))
    return control, [pool.submit(check_mutation, mutation, scratch) for mutation in mutations]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=JOBS,
                        help="mutants tested at once (default: %(default)s)")
    parser.add_argument("names", nargs="*", help="only these mutations (default: all)")
    args = parser.parse_args(argv)
    unknown = set(args.names) - {m.name for m in MUTATIONS}
    if unknown:
        parser.error(f"unknown mutations {sorted(unknown)}; known: {[m.name for m in MUTATIONS]}")
    chosen = [m for m in MUTATIONS if not args.names or m.name in args.names]

    with tempfile.TemporaryDirectory(prefix="fc_to_conv-mutants-") as scratch, \
            ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        start = time.perf_counter()
        pending, runs = start_runs(pool, chosen, scratch)
        control = pending.result()
        if control.returncode != 0 or not control.used_copy_of("__init__.py"):
            print(f"control failed: the unmutated copy must pass the fast suite and be the one imported "
                  f"(exit {control.returncode}; fc_to_conv modules imported from elsewhere: "
                  f"{control.foreign_modules() if control.imported else 'probe did not run'})")
            print(control.tail())
            pool.shutdown(cancel_futures=True)
            return 2
        print(f"{'passed':9s} {'control: the unmutated copy':36s} {control.seconds:5.1f} s")
        killed = 0
        for mutation, future in zip(chosen, runs):
            run = future.result()
            result = verdict(mutation, run)
            killed += result == "killed"
            detail = f"by {run.failures()[0]}" if result == "killed" and run.failures() else ""
            print(f"{result:9s} {mutation.name:36s} {run.seconds:5.1f} s  {detail}".rstrip(), flush=True)
            if result not in ("killed", "survived"):
                print(run.tail())
        print(f"killed {killed} of {len(chosen)} in {time.perf_counter() - start:.0f} s")
        return 0 if killed == len(chosen) else 1


if __name__ == "__main__":
    sys.exit(main())
