# Card: asyncio.to_thread vs Task.Run - offload a blocking call to a worker thread, the event loop stays free
import asyncio
import os
import threading

import aiohttp
import requests

BASE = os.environ["MIRROR_HTTP_BASE"]
events: list[str] = []  # what happened, in order
on_worker_thread: list[bool] = []
page_fetched = threading.Event()  # set by the event loop, waited for by the worker thread


def blocking_fetch(url: str) -> str:  # synchronous code you cannot change
    on_worker_thread.append(threading.current_thread() is not threading.main_thread())
    # Returns only after the event loop has fetched the page meanwhile: called on the
    # loop itself (without to_thread), it would wait forever.
    page_fetched.wait()
    text = requests.get(url).text
    events.append("worker: report fetched, after the page")
    return text


async def fetch_async(session: aiohttp.ClientSession, url: str) -> str:
    async with session.get(url) as response:
        text = await response.text()
    events.append("event loop: page fetched while the worker thread was blocked")
    page_fetched.set()
    return text


async def main() -> None:
    async with aiohttp.ClientSession() as session:
        # region core
        report, page = await asyncio.gather(
            asyncio.to_thread(blocking_fetch, f"{BASE}/delay?ms=50&body=report"),  # worker thread
            fetch_async(session, f"{BASE}/delay?ms=50&body=page"),  # meanwhile on the event loop
        )
        # endregion
    print(f"blocking call on a worker thread: {on_worker_thread[0]}")
    print("\n".join(events))
    print(f"results: {report}, {page}")


asyncio.run(main())
