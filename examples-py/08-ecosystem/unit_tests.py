# Card: pytest runs plain test functions and @pytest.mark.parametrize rows as xUnit runs [Fact] and [Theory]/[InlineData]; a plugin hook sees each test's result as an xUnit runner reporter does, and one row fails on purpose
import pytest


def add(a, b):
    return a + b


# region tests
def test_add_is_commutative():
    assert add(2, 3) == add(3, 2)


@pytest.mark.parametrize(("a", "b", "expected"), [
    pytest.param(1, 2, 3, id="add(1, 2) == 3"),
    pytest.param(-1, 1, 0, id="add(-1, 1) == 0"),
    pytest.param(0, 0, 0, id="add(0, 0) == 0"),
    pytest.param(2, 2, 5, id="add(2, 2) == 5"),  # wrong on purpose: 2 + 2 is 4
])
def test_add(a, b, expected):
    assert add(a, b) == expected
# endregion


# region plugin
# A plugin: pytest calls its hook with the report of every phase of every test.
class Outcomes:
    def __init__(self):
        self.results = {}  # label -> outcome

    def pytest_runtest_logreport(self, report):
        if report.when == "call" or report.failed:  # the test, or a failed setup/teardown
            test = report.nodeid.split("::")[-1]  # "test_add[add(1, 2) == 3]"
            name, _, row_id = test.partition("[")  # a row's id, else the function's name
            label = row_id[:-1] if row_id else name.removeprefix("test_").replace("_", " ")
            self.results[label] = report.outcome
# endregion


# region run
if __name__ == "__main__":
    # pytest tests this very file; "-p no:terminal" turns off pytest's own report (which
    # prints timings) and the Outcomes plugin collects every result instead.
    outcomes = Outcomes()
    exit_code = pytest.main([__file__, "-p", "no:terminal", "-p", "no:cacheprovider"],
                            plugins=[outcomes])
    for label, outcome in sorted(outcomes.results.items()):
        print(f"{label}: {outcome}")
    passed = list(outcomes.results.values()).count("passed")
    failed = list(outcomes.results.values()).count("failed")
    print(f"{passed} passed, {failed} failed")
    print(f"exit code {int(exit_code)}")
# endregion
