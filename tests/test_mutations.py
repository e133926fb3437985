"""The fast suite catches each small bug of tests/mutations.py, planted one at a time in a copy of the package.

Each test copies ``code/fc_to_conv``, applies one mutation (whose old text must occur
exactly once), runs the fast suite (``-m "not slow"``) from the repository root with the
copy first on PYTHONPATH (the mutation's likely test file first, the whole fast suite if
that passes), and asserts that tests failed. A probe plugin in that run records which
``fc_to_conv`` modules were imported and from where, so a verdict only counts if the run
really used the mutated copy; and the unmutated copy must pass the whole fast suite, or
every mutant would look killed. Slow: the runs, two at a time (``mutations.JOBS``), start
together when the first of these tests asks for one.
"""

from concurrent.futures import ThreadPoolExecutor

import pytest

from mutations import JOBS, MUTATIONS, TESTS_FAILED, copy_package, run_fast_suite, start_runs

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """The control run's future and each mutation's, by name; the probe's negative control's as "hidden"."""
    with ThreadPoolExecutor(max_workers=JOBS) as pool:
        hidden = pool.submit(hidden_copy_run, tmp_path_factory.mktemp("hidden"))  # the two whole runs first
        control, mutants = start_runs(pool, MUTATIONS, tmp_path_factory.mktemp("mutants"))
        yield {"control": control, "hidden": hidden,
               **{mutation.name: future for mutation, future in zip(MUTATIONS, mutants)}}


def hidden_copy_run(folder):
    """The run of the first mutation with its copy of the package hidden, so the installed package is imported."""
    copy_package(folder, MUTATIONS[0])
    (folder / "fc_to_conv").rename(folder / "hidden")
    return run_fast_suite(folder, MUTATIONS[0].first)


@pytest.fixture(scope="module")
def control(runs):
    """The fast suite run against an unmutated copy of the package."""
    return runs["control"].result()


def test_the_unmutated_copy_is_imported_and_passes_the_fast_suite(control):
    assert control.imported, f"the probe plugin did not run:\n{control.tail()}"
    assert control.foreign_modules() == [], (
        f"the run imported these fc_to_conv modules from outside the copy {control.copy}: "
        f"{ {name: control.imported[name] for name in control.foreign_modules()} }"
    )
    assert control.used_copy_of("__init__.py")
    assert control.returncode == 0, f"the fast suite fails without any mutation:\n{control.tail()}"


def test_the_probe_notices_a_run_that_does_not_use_the_copy(runs):
    """Negative control: with the copy hidden, the suite imports the installed package, and the probe says so."""
    run = runs["hidden"].result()
    assert run.imported, f"the probe plugin did not run:\n{run.tail()}"
    assert "fc_to_conv.wiring" in run.foreign_modules()
    assert not run.used_copy_of(MUTATIONS[0].module)


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda mutation: mutation.name)
def test_the_fast_suite_kills_the_mutation(control, runs, mutation):
    if control.returncode != 0:
        pytest.fail("the control run (no mutation) fails, so a failing run proves nothing; "
                    "see test_the_unmutated_copy_is_imported_and_passes_the_fast_suite")
    run = runs[mutation.name].result()  # copy_package asserts the old text occurs exactly once
    edited = (run.copy / "fc_to_conv" / mutation.module).read_text()
    assert mutation.new in edited

    assert run.used_copy_of(mutation.module), (
        f"the run did not import the mutated fc_to_conv/{mutation.module} from {run.copy}; imported: {run.imported}"
    )
    exit_status = run.returncode
    assert exit_status != 0, (
        f"mutation {mutation.name} SURVIVED the fast suite: {mutation.why}\n"
        f"edit in {mutation.module}: {mutation.old!r} -> {mutation.new!r}"
    )
    assert exit_status == TESTS_FAILED, f"the run stopped with exit {exit_status}, not with failing tests:\n{run.tail()}"
