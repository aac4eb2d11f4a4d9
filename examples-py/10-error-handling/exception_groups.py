# Card: AggregateException vs ExceptionGroup - except* matches at any depth and several clauses can run for one raise
# region core
def leaves(group: BaseExceptionGroup) -> list[BaseException]:   # AggregateException.Flatten()
    result: list[BaseException] = []
    for e in group.exceptions:
        result.extend(leaves(e) if isinstance(e, BaseExceptionGroup) else [e])
    return result


failure = ExceptionGroup("jobs failed", [
    ValueError("bad size"),
    ExceptionGroup("batch 2", [TimeoutError("slow disk"), ValueError("bad name")]),
])
print(" | ".join(str(e) for e in leaves(failure)))

try:
    raise failure
except* ValueError as group:        # every ValueError, nested ones too, as a smaller group
    print("values:", ", ".join(str(e) for e in leaves(group)))
except* TimeoutError as group:      # also runs: one raise, several handlers
    print("timeouts:", ", ".join(str(e) for e in leaves(group)))

try:
    try:
        raise failure
    except* ValueError:
        pass                        # handled; what no clause matched is raised again
except ExceptionGroup as rest:
    print("re-raised:", ", ".join(str(e) for e in leaves(rest)))
# endregion
