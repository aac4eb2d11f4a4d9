# Card: logging.getLogger(name) configured once with basicConfig mirrors ILogger from LoggerFactory.Create: named loggers, a minimum level, lazy %s arguments against message templates
import logging
import sys

# region core
logging.basicConfig(
    stream=sys.stdout,  # the default is stderr
    format="%(levelname)s: %(name)s %(message)s",  # no %(asctime)s: no timestamp
    level=logging.INFO,  # the default is WARNING
)
logging.getLogger("shop.db").setLevel(logging.WARNING)  # this logger and its children

orders = logging.getLogger("shop.orders")
db = logging.getLogger("shop.db")

orders.info("Order %s shipped to %s", 42, "Ada")
orders.debug("Basket has %d items", 3)  # below INFO: dropped
db.info("Connected")  # below shop.db's WARNING: dropped
db.warning("Query took %d ms", 1200)
orders.error("Payment for order %s failed", 43)
# endregion


# region lazy
class Basket:
    formatted = 0

    def __str__(self) -> str:
        Basket.formatted += 1
        return "Basket(3 items)"


basket = Basket()
orders.debug("Checking %s", basket)  # dropped before formatting: str(basket) never runs
orders.debug(f"Checking {basket}")  # the f-string runs str(basket) before debug() is called
if orders.isEnabledFor(logging.DEBUG):  # guard work that only feeds a log line
    orders.debug("Checksum %d", sum(range(1_000_000)))
orders.info("Basket formatted %d time(s)", Basket.formatted)
# endregion
