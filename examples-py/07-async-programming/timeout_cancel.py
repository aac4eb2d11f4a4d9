# Card: asyncio.timeout and task.cancel() vs CancellationToken and WaitAsync - cancellation arrives as an exception inside the coroutine
import asyncio


async def slow_operation(name: str) -> str:
    try:
        await asyncio.sleep(10)  # no token to pass: any await can be cancelled
    except asyncio.CancelledError:
        print(f"{name}: cancelled, cleaning up")
        raise                    # re-raise, or the cancellation is swallowed
    return name


async def main() -> None:
    # region core
    try:
        async with asyncio.timeout(0.05):  # Python 3.11+; asyncio.wait_for(coro, 0.05) before
            await slow_operation("first")
    except TimeoutError:
        print("first: timed out")

    task = asyncio.create_task(slow_operation("second"))
    await asyncio.sleep(0)                 # let it start
    task.cancel()                          # like cts.Cancel()
    try:
        await task
    except asyncio.CancelledError:
        print(f"second: cancelled() is {task.cancelled()}")
    # endregion


asyncio.run(main())
