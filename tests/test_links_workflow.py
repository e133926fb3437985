"""The weekly external-link check, read as data (it cannot run here): a schedule, the README's build, lychee on the site."""

import yaml

from conftest import REPO
from test_deploy_workflow import readme_build_command

WORKFLOW = yaml.safe_load((REPO / ".github" / "workflows" / "links.yml").read_text())


def test_it_runs_weekly_and_on_demand():
    triggers = WORKFLOW[True]  # YAML 1.1 reads the key `on` as true
    (schedule,) = triggers["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert (day, month) == ("*", "*") and weekday != "*"
    assert "workflow_dispatch" in triggers


def test_it_builds_the_book_as_the_readme_says_then_follows_the_built_pages_links():
    (job,) = WORKFLOW["jobs"].values()
    runs = [step.get("run") for step in job["steps"]]
    assert readme_build_command() in runs
    lychee = [step for step in job["steps"] if step.get("uses", "").startswith("lycheeverse/lychee-action@")]
    assert len(lychee) == 1 and runs.index(readme_build_command()) < job["steps"].index(lychee[0])
    assert "_build/html/" in lychee[0]["with"]["args"] and lychee[0]["with"]["fail"] is True
    assert WORKFLOW["permissions"] == {"contents": "read"}
