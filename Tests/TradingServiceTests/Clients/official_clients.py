"""Drives a running `bot4 serve` with Binance's own Python clients, unchanged: python-binance and the
official binance-sdk-spot, pointed at the local server as their documentation allows.

Reads BOT4_TEST_PORT, BOT4_TEST_API_KEY and BOT4_TEST_API_SECRET from the environment (never argv).
Prints one line per step; exits 1 on the first failed check, naming it.
"""

import os
import sys

PORT = os.environ["BOT4_TEST_PORT"]
KEY = os.environ["BOT4_TEST_API_KEY"]
SECRET = os.environ["BOT4_TEST_API_SECRET"]


WINDOW = 60000

def check(condition, what):
    if not condition:
        print(f"FAILED: {what}", flush=True)
        sys.exit(1)
    print(f"ok: {what}", flush=True)


def python_binance():
    from binance.client import Client
    from binance.exceptions import BinanceAPIException

    # recvWindow: Binance's largest, as the server under test may share a busy machine. python-binance writes its
    # REQUEST_RECVWINDOW (10,000 ms) over a recvWindow passed to a call, so that setting is where the window goes;
    # its requests time out after 10 s unless requests_params says otherwise.
    client = Client(KEY, SECRET, ping=False, requests_params={"timeout": 60})
    client.REQUEST_RECVWINDOW = WINDOW
    client.API_URL = f"http://127.0.0.1:{PORT}/api"
    check(client.get_server_time()["serverTime"] > 0, "python-binance: server time")
    symbols = [s["symbol"] for s in client.get_exchange_info()["symbols"]]
    check("BTCUSDT" in symbols, "python-binance: exchangeInfo lists BTCUSDT")
    order = client.create_order(
        symbol="BTCUSDT", side="BUY", type="LIMIT", timeInForce="GTC", quantity="0.01", price="25000.00",
        newClientOrderId="pb-1", recvWindow=WINDOW,
    )
    check(order["status"] == "NEW" and isinstance(order["orderId"], int), "python-binance: order placed")
    queried = client.get_order(symbol="BTCUSDT", orderId=order["orderId"], recvWindow=WINDOW)
    check(queried["status"] == "NEW" and queried["clientOrderId"] == "pb-1", "python-binance: order queried")
    open_ids = [o["orderId"] for o in client.get_open_orders(symbol="BTCUSDT", recvWindow=WINDOW)]
    check(order["orderId"] in open_ids, "python-binance: open orders list it")
    try:
        client.create_order(
            symbol="BTCUSDT", side="BUY", type="LIMIT", timeInForce="GTC", quantity="0.01", price="25000.00",
            newClientOrderId="pb-1", recvWindow=WINDOW,
        )
        check(False, "python-binance: a reused newClientOrderId is refused")
    except BinanceAPIException as error:
        check(error.code == -2010 and error.status_code == 400, "python-binance: a reused newClientOrderId is refused")
    canceled = client.cancel_order(symbol="BTCUSDT", orderId=order["orderId"], recvWindow=WINDOW)
    check(canceled["status"] == "CANCELED", "python-binance: order canceled")
    balances = {b["asset"]: b for b in client.get_account(recvWindow=WINDOW)["balances"]}
    check(balances["USDT"]["locked"] in ("0", "0.00000000") or float(balances["USDT"]["locked"]) == 0,
          "python-binance: account shows nothing locked after the cancel")


def binance_sdk_spot():
    from binance_sdk_spot.spot import ConfigurationRestAPI, Spot

    api = Spot(
        config_rest_api=ConfigurationRestAPI(
            api_key=KEY, api_secret=SECRET, base_path=f"http://127.0.0.1:{PORT}", retries=0, timeout=30000,
        )
    ).rest_api
    check(api.time().data().server_time > 0, "binance-sdk-spot: server time")
    check(api.exchange_info(symbol="BTCUSDT").data().symbols[0].symbol == "BTCUSDT", "binance-sdk-spot: exchangeInfo")
    # recv_window: Binance's largest, as the server under test may share a busy machine.
    order = api.new_order(
        symbol="BTCUSDT", side="BUY", type="LIMIT", time_in_force="GTC", quantity=0.01, price=25000.0,
        recv_window=60000,
    ).data()
    check(order.status == "NEW" and isinstance(order.order_id, int), "binance-sdk-spot: order placed")
    check(api.get_order(symbol="BTCUSDT", order_id=order.order_id, recv_window=60000).data().status == "NEW",
          "binance-sdk-spot: order queried")
    open_orders = api.get_open_orders(symbol="BTCUSDT", recv_window=60000).data()
    check(any(o.order_id == order.order_id for o in open_orders), "binance-sdk-spot: open orders list it")
    check(api.delete_order(symbol="BTCUSDT", order_id=order.order_id, recv_window=60000).data().status == "CANCELED",
          "binance-sdk-spot: order canceled")
    assets = [b.asset for b in api.get_account(recv_window=60000).data().balances]
    check("USDT" in assets and "BTC" in assets, "binance-sdk-spot: account balances")


if __name__ == "__main__":
    {"python-binance": python_binance, "binance-sdk-spot": binance_sdk_spot}[sys.argv[1]]()
