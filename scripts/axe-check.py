#!/usr/bin/env python3
"""Checks public pages with axe-core (WCAG 2.1 A/AA rules) in headless Chromium, at desktop and
phone width: the homepage, a column, an article, search results, the disclosure catalogue, a survey's
form and an interview's question form;
on a phone also the homepage with its menu and toolbar open, and in 简洁阅读.
Any violation fails, with its rule, impact and the elements concerned.

Usage: scripts/axe-check.py [path to the menhu binary]   (default: .build/debug/menhu)
Needs chromium, chromium-driver (Debian), selenium and axe-selenium-python (PyPI, ships axe-core);
scripts/test installs them on CI.
"""
import importlib.util
import os
import re
import sys
import tempfile
import urllib.parse
import urllib.request

from axe_selenium_python import Axe

spec = importlib.util.spec_from_file_location("walk", os.path.join(os.path.dirname(__file__), "browser-walk.py"))
walk = importlib.util.module_from_spec(spec)
sys.argv = sys.argv[:2]
spec.loader.exec_module(walk)


RUN = """
var done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "best-practice"]}})
  .then(function (r) { done({violations: r.violations, passes: r.passes.length}); })
  .catch(function (e) { done({error: String(e)}); });
"""


def main():
    workdir = tempfile.mkdtemp(prefix="menhu-axe-")
    port = walk.free_port()
    base = f"http://127.0.0.1:{port}"
    server, _ = walk.start_server(workdir, port)
    try:
        column = urllib.request.urlopen(base + "/zwyw/").read().decode()
        article = re.search(r'href="(/zwyw/[0-9a-f]+\.html)"', column).group(1)
        surveys = urllib.request.urlopen(base + "/surveys").read().decode()
        interviews = urllib.request.urlopen(base + "/interviews").read().decode()
        # The running 满意度调查 (its form) and the interview announced for next week (its question form).
        survey = re.search(r'href="(/surveys/[0-9a-f-]+)">江源市人民政府门户网站满意度调查', surveys).group(1)
        interview = re.search(r'href="(/interviews/[0-9a-f-]+)">稳就业', interviews).group(1)
        pages = {"homepage": "/", "column": "/zwyw/", "article": article,
                 "search": "/search?q=" + urllib.parse.quote("安全"), "catalogue": "/disclosure",
                 "topic": "/ztzl/", "english homepage": "/sites/en/", "english column": "/sites/en/news/",
                 "survey": survey, "interview": interview}
        failures = []
        for width, height in ((1280, 1000), (360, 740)):
            driver = walk.browser()
            driver.set_window_size(width, height)
            try:
                for name, path in pages.items():
                    driver.get(base + path)
                    Axe(driver).inject()
                    driver.set_script_timeout(60)
                    result = driver.execute_async_script(RUN)
                    if "error" in result:
                        raise SystemExit(f"axe-core failed on {name}: {result['error']}")
                    for v in result["violations"]:
                        nodes = "; ".join(n["target"][0] if isinstance(n["target"][0], str) else str(n["target"]) for n in v["nodes"][:5])
                        failures.append(f"{name} @{width}px: {v['id']} ({v['impact']}) {v['help']} — {nodes}")
                    print(f"{name} @{width}px: {len(result['violations'])} violations, {result['passes']} rules passed")
            finally:
                driver.quit()
        # On a phone, with the menu and the toolbar open, and in 简洁阅读.
        driver = walk.browser()
        try:
            from selenium.webdriver.common.by import By
            walk.phone(driver)
            for name, state in (("phone, menu and toolbar open", {}), ("phone, 简洁阅读", {"simple": True})):
                walk.set_reading(driver, base, state)
                driver.get(base + "/")
                driver.find_element(By.CSS_SELECTOR, ".nav-toggle").click()
                driver.find_element(By.CSS_SELECTOR, ".tools-toggle").click()
                Axe(driver).inject()
                driver.set_script_timeout(60)
                result = driver.execute_async_script(RUN)
                for v in result.get("violations", []):
                    failures.append(f"homepage ({name}): {v['id']} ({v['impact']}) {v['help']}")
                print(f"homepage ({name}): {len(result.get('violations', []))} violations, {result.get('passes')} rules passed")
            walk.set_reading(driver, base, {})
        finally:
            driver.quit()
        if failures:
            raise SystemExit("axe-core found:\n  " + "\n  ".join(failures))
        # The toolbar works without reloading and remembers its settings.
        driver = walk.browser()
        try:
            from selenium.webdriver.common.by import By
            driver.get(base + article)
            driver.find_element(By.CSS_SELECTOR, ".a11y-bar [data-a11y=large]").click()
            driver.find_element(By.CSS_SELECTOR, ".a11y-bar [data-a11y=contrast]").click()
            classes = driver.execute_script("return document.documentElement.className")
            assert "a11y-large" in classes and "a11y-contrast" in classes, classes
            driver.get(base + "/zwyw/")
            classes = driver.execute_script("return document.documentElement.className")
            pressed = driver.find_element(By.CSS_SELECTOR, ".a11y-bar [data-a11y=large]").get_attribute("aria-pressed")
            assert "a11y-large" in classes and pressed == "true", (classes, pressed)
            Axe(driver).inject()
            driver.set_script_timeout(60)
            result = driver.execute_async_script(RUN)
            contrast = [(v["id"], [(n["html"][:80], n["failureSummary"][-120:]) for n in v["nodes"][:4]]) for v in result.get("violations", [])]
            assert not contrast, f"with large text and high contrast: {contrast}"
            driver.find_element(By.CSS_SELECTOR, ".a11y-bar [data-a11y-reset]").click()
            assert "a11y-large" not in driver.execute_script("return document.documentElement.className")
            print("OK: the accessibility toolbar applies at once, is remembered across pages, and its high-contrast mode passes axe-core")
        finally:
            driver.quit()
        print("OK: no axe-core violations on", ", ".join(pages), "at 1280 px and 360 px")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
