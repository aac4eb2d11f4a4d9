# Card: asyncio.create_task(work()) vs calling an async method - a bare coroutine does nothing until awaited
import asyncio

async def work(name: str, ms: int) -> str:
    print(f"{name}: started")
    await asyncio.sleep(ms / 1000)  # the first await: the task suspends here
    return name.upper()

async def main() -> None:
    # region core
    slow = asyncio.create_task(work("slow", 300))  # scheduled, like a started C# Task
    fast = asyncio.create_task(work("fast", 100))
    await asyncio.sleep(0)  # yield to the event loop: both tasks now run up to their first await
    print("main: both tasks are running")
    print(f"main: got {await slow} and {await fast}")
    print(f"main: a task can be awaited again: {await slow}")
    # endregion

asyncio.run(main())
