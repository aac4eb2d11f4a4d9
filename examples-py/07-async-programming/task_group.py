# Card: asyncio.TaskGroup + except* vs Task.WhenAll + AggregateException - every error is kept, and the group cancels the rest
import asyncio


async def job(name: str, fail: bool = False) -> str:
    await asyncio.sleep(0)
    if fail:
        raise ValueError(f"{name} failed")
    return name


async def slow(name: str) -> str:
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print(f"{name}: cancelled")
        raise
    return name


async def main() -> None:
    # region core
    try:
        async with asyncio.TaskGroup() as group:  # Python 3.11+
            group.create_task(job("a"))
            group.create_task(job("b", fail=True))
            group.create_task(job("c", fail=True))
            group.create_task(slow("slow"))       # cancelled by the group when b fails
    except* ValueError as errors:                 # an ExceptionGroup holding every failure
        print(f"errors: {', '.join(str(e) for e in errors.exceptions)}")
    # endregion

    # region gather
    try:
        await asyncio.gather(job("a"), job("b", fail=True), job("c", fail=True))
    except ValueError as first:                   # gather raises only the first error
        print(f"gather raised: {first}")
    # endregion


asyncio.run(main())
