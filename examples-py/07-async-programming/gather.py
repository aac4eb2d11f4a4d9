# Card: asyncio.gather vs Task.WhenAll - results come back in argument order, not completion order; on failure they differ
import asyncio
import os

import aiohttp

BASE = os.environ["MIRROR_HTTP_BASE"]
completed: list[str] = []  # completion order, recorded by the fetches themselves


async def fetch_async(session: aiohttp.ClientSession, name: str,
                      after: asyncio.Event | None, done: asyncio.Event) -> str:
    if after is not None:
        await after.wait()  # explicit order: this request waits for another one to finish
    async with session.get(f"{BASE}/delay?ms=20&body={name}") as response:
        text = await response.text()
    completed.append(text)
    done.set()
    return text


async def step(name: str, fail: bool) -> str:
    await asyncio.sleep(0)
    if fail:
        raise ValueError(f"{name} failed")
    return name


async def main() -> None:
    done1, done2, done3 = asyncio.Event(), asyncio.Event(), asyncio.Event()
    async with aiohttp.ClientSession() as session:
        # region core
        results = await asyncio.gather(
            fetch_async(session, "url1", after=done3, done=done1),  # finishes last
            fetch_async(session, "url2", after=None, done=done2),   # finishes first
            fetch_async(session, "url3", after=done2, done=done3),
        )
        # results is a list in the same order as the arguments
        # endregion
    print(f"completed: {', '.join(completed)}")
    print(f"results:   {', '.join(results)}")

    # region failure
    # WhenAll waits for every task and keeps each outcome: gather does so only with return_exceptions=True
    outcomes = await asyncio.gather(
        step("a", fail=False), step("b", fail=True), step("c", fail=False),
        return_exceptions=True,
    )
    print(", ".join(o if isinstance(o, str) else f"error: {o}" for o in outcomes))
    # endregion


asyncio.run(main())
