#!/usr/bin/env python3
"""Walks one letter (互动交流, I1–I4) through headless Chromium the way people do it: a citizen
writes to 政务咨询 from the portal's navigation and answers the text challenge; the site admin
accepts it and transfers it to the office; the office's 信息员 signs it and answers; the platform
admin reviews the reply and publishes it; the citizen looks it up with the 查询编号 and 查询码,
reads the reply, finds the letter on the channel's page with the mobile and ID numbers masked,
and rates the reply 满意. A wrong 查询码 shows no letter; the reply is not shown before review.

Usage: scripts/letters-walk.py [path to the menhu binary]   (default: .build/debug/menhu)
Reuses the helpers of scripts/browser-walk.py (chromium, chromium-driver, selenium).
MENHU_WALK_SHOTS=DIR saves screenshots (letters-*) at 1366 and 390 px in DIR.
"""
import importlib.util
import os
import re
import shutil
import sys
import tempfile
import time

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

spec = importlib.util.spec_from_file_location("walk", os.path.join(os.path.dirname(__file__), "browser-walk.py"))
walk = importlib.util.module_from_spec(spec)
sys.argv = sys.argv[:2]
spec.loader.exec_module(walk)

MOBILE = "13812345678"
ID_NUMBER = "360102198001010013"  # Jiangxi, born 1980-01-01, GB 11643 check digit 3
TITLE = "浏览器验收：小区供暖不热找哪个部门？"
BODY = (f"我家小区今年冬天暖气一直不热，室温只有十四度，请问应该向哪个部门反映？"
        f"我的手机号{MOBILE}，身份证号{ID_NUMBER}，方便时请联系我。")
NAME = "王先生"
REPLY = "您好！供暖温度不达标的，可拨打供热服务热线0799-12319报修，市城市管理局将督促供热企业在24小时内上门检测处理。"
OFFICE = "江源市人民政府办公室"  # the editor's unit (DemoSeeding.accounts)
NUMERALS = "零一二三四五六七八九"


def solve(question):
    """TextChallenge: "七加五等于几？" or "九减三等于几？", answered in digits."""
    m = re.search(r"([一二三四五六七八九])([加减])([一二三四五六七八九])等于几", question)
    assert m, f"no challenge question in {question!r}"
    a, b = NUMERALS.index(m.group(1)), NUMERALS.index(m.group(3))
    return str(a + b if m.group(2) == "加" else a - b)


def both_widths(d, name, selector=None):
    """Screenshots at 1366 px and on a 390 px phone, scrolled to `selector` when given; back at 1366."""
    for width, set_width in (("1366", walk.desktop), ("390", walk.phone)):
        set_width(d)
        if selector:
            d.execute_script("var e = document.querySelector(arguments[0]); if (e) e.scrollIntoView()", selector)
        walk.shot(d, f"letters-{name}-{width}")
        if width == "390":
            wide = d.execute_script("return document.documentElement.scrollWidth")
            assert wide <= 390, f"{name} runs off a 390 px screen ({wide} px)"
    walk.desktop(d)


def state_of(d):
    """The 状态 on the admin letter page."""
    return d.find_element(By.XPATH, "//dl[@class='facts']/dt[.='状态']/following-sibling::dd[1]").text


def open_letter(person, number):
    """From 留言办理 to the letter, as a person finds it: the row with its 查询编号."""
    d = person.driver
    d.get(person.base + "/admin/letters")
    row = person.wait.until(EC.presence_of_element_located((By.XPATH, f"//tr[td[@data-label='编号' and normalize-space(.)='{number}']]")))
    row.find_element(By.CSS_SELECTOR, "td[data-label='标题'] a").click()
    person.wait.until(EC.url_matches(r"/admin/letters/[^/?]+$"))
    return d.current_url


def act(person, url, action, text=None, department=None):
    """Presses an action's button on the letter page (filling its reply or department first),
    agreeing if asked (confirm.js), and returns the state the letter is in afterwards."""
    d = person.driver
    d.get(url)
    forms = d.find_elements(By.XPATH, f"//form[input[@name='action' and @value='{action}']]")
    offered = [b.text for b in d.find_elements(By.CSS_SELECTOR, "form.letter-action button[type=submit]")]
    assert forms, f"{person.username} is not offered {action} on {url}; offered: {offered}"
    form = forms[0]
    if department:
        Select(form.find_element(By.NAME, "leadDepartmentID")).select_by_visible_text(department)
    if text:
        form.find_element(By.NAME, "text").send_keys(text)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    try:
        WebDriverWait(d, 2).until(EC.alert_is_present())
        d.switch_to.alert.accept()
    except TimeoutException:
        pass
    try:
        person.wait.until(lambda drv: "notice=letter-acted" in drv.current_url or drv.find_elements(By.CSS_SELECTOR, ".notice.error"))
    except TimeoutException:
        raise SystemExit(f"{person.username}: {action} on {url} led nowhere ({d.current_url})")
    problems = [e.text for e in d.find_elements(By.CSS_SELECTOR, ".notice.error")]
    if problems:
        raise SystemExit(f"{person.username}: {action} on {url} was refused: {problems}")
    return state_of(d)


def look_up(d, base, number, code):
    """The citizen's 留言查询 with number and code; returns the status section's text, or None."""
    d.get(f"{base}/letters/lookup?number={number}")
    field = d.find_element(By.ID, "lookup-number")
    assert field.get_attribute("value") == number, "the number is filled in from the receipt's link"
    d.find_element(By.ID, "lookup-code").send_keys(code)
    d.find_element(By.CSS_SELECTOR, ".letter-lookup button[type=submit]").click()
    WebDriverWait(d, 10).until(lambda drv: drv.find_elements(By.CSS_SELECTOR, ".letter-status, .letter-lookup .form-errors"))
    status = d.find_elements(By.CSS_SELECTOR, ".letter-status")
    return status[0].text if status else None


def write(citizen, base):
    """The citizen writes to 政务咨询 from the portal's navigation; returns (number, code)."""
    d = citizen
    walk.desktop(d)
    d.get(base + "/")
    d.find_element(By.CSS_SELECTOR, ".main-nav").find_element(By.LINK_TEXT, "互动交流").click()
    WebDriverWait(d, 10).until(EC.url_contains("/letters"))
    d.find_element(By.CSS_SELECTOR, ".channel-list").find_element(By.LINK_TEXT, "政务咨询").click()
    WebDriverWait(d, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, "form.letter-form")))
    assert "政务咨询" in d.find_element(By.TAG_NAME, "h1").text
    channel_url = d.current_url
    both_widths(d, "form", ".letter-form-section")
    d.find_element(By.ID, "letter-title").send_keys(TITLE)
    d.find_element(By.ID, "letter-body").send_keys(BODY)
    d.find_element(By.ID, "letter-name").send_keys(NAME)
    d.find_element(By.ID, "letter-phone").send_keys(MOBILE)
    d.find_element(By.XPATH, "//input[@name='public' and @value='1']").click()
    d.find_element(By.NAME, "privacy").click()
    label = d.find_element(By.CSS_SELECTOR, "label[for=letter-challenge]").text
    question, answer = re.search(r"验证题：(\S+?？)", label).group(1), solve(label)
    d.find_element(By.ID, "letter-challenge").send_keys(answer)
    both_widths(d, "form-filled", "#letter-challenge")
    d.find_element(By.CSS_SELECTOR, ".letter-form button[type=submit]").click()
    try:
        receipt = WebDriverWait(d, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".letter-receipt")))
    except TimeoutException:
        errors = [e.text for e in d.find_elements(By.CSS_SELECTOR, ".form-errors li")]
        raise SystemExit(f"the letter was not accepted: {errors}")
    facts = dict(zip([e.text for e in receipt.find_elements(By.TAG_NAME, "dt")], [e.text for e in receipt.find_elements(By.TAG_NAME, "dd")]))
    number, code = facts.get("查询编号", ""), facts.get("查询码", "")
    assert number and code, f"the receipt names a 查询编号 and a 查询码: {receipt.text}"
    both_widths(d, "receipt")
    print(f"OK: the citizen wrote to 政务咨询 from 互动交流 (“{question}” answered {answer}); receipt {number} with a 查询码")
    return number, code, channel_url


def main():
    workdir = tempfile.mkdtemp(prefix="menhu-letters-")
    port = walk.free_port()
    base = f"http://127.0.0.1:{port}"
    server, creds = walk.start_server(workdir, port)
    closers = []
    started = time.time()
    try:
        citizen = walk.browser()
        closers.append(citizen.quit)
        number, code, channel_url = write(citizen, base)

        # A wrong 查询码 shows nothing of the letter, and does not say which part was wrong.
        wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
        assert look_up(citizen, base, number, wrong) is None, "a wrong 查询码 shows no letter"
        error = citizen.find_element(By.CSS_SELECTOR, ".letter-lookup .form-errors").text
        assert "查询编号或查询码不正确" in error and TITLE not in citizen.page_source, error
        print(f"OK: a wrong 查询码 shows no letter ({error})")

        # The site admin accepts the letter and transfers it to the office.
        siteadmin = walk.Person(base, "siteadmin", creds["siteadmin"])
        closers.append(siteadmin.close)
        url = open_letter(siteadmin, number)
        assert state_of(siteadmin.driver) == "待受理"
        page = siteadmin.driver.find_element(By.TAG_NAME, "main").text
        assert MOBILE in page and NAME in page, "the site admin reads the writer's contact details"
        # What the public will read is masked; the list under it tells the reviewer what was hidden.
        preview = siteadmin.driver.find_element(By.CSS_SELECTOR, ".public-preview .pre").text
        assert MOBILE not in preview and ID_NUMBER not in preview and "138****5678" in preview, preview
        hidden = siteadmin.driver.find_element(By.CSS_SELECTOR, ".public-preview .hidden-data").text
        assert "手机号码" in hidden and "身份证号" in hidden, hidden
        both_widths(siteadmin.driver, "admin-submitted")
        states = [act(siteadmin, url, "accept"), act(siteadmin, url, "transfer", department=OFFICE)]
        assert states == ["已受理", "已转办"], states
        assert OFFICE in siteadmin.driver.find_element(By.CSS_SELECTOR, "dl.facts").text
        print(f"OK: siteadmin accepted {number} and transferred it to {OFFICE}: {' → '.join(states)}")

        # The office's 信息员 (留言办理) signs it and answers.
        editor = walk.Person(base, "editor", creds["editor"])
        closers.append(editor.close)
        assert open_letter(editor, number) == url
        states = [act(editor, url, "sign"), act(editor, url, "answer", text=REPLY)]
        assert states == ["已签收", "已答复（待审核）"], states
        assert not editor.driver.find_elements(By.XPATH, "//form[input[@name='action' and @value='approveReply']]"), \
            "the department does not review its own reply"
        print(f"OK: editor signed and answered: {' → '.join(states)}")

        # Before the platform's review the citizen sees the state, not the reply.
        status = look_up(citizen, base, number, code)
        assert status and "已答复（待审核）" in status and REPLY[:10] not in status, status
        assert not citizen.find_elements(By.CSS_SELECTOR, ".letter-rate"), "no rating before the review"
        print("OK: before review the citizen reads 已答复（待审核） and no reply")

        # The platform admin reviews the reply and publishes the letter.
        admin = walk.Person(base, "admin", creds["admin"])
        closers.append(admin.close)
        assert open_letter(admin, number) == url
        both_widths(admin.driver, "admin-answered", ".public-preview")
        states = [act(admin, url, "approveReply"), act(admin, url, "publish")]
        assert states == ["审核通过", "已公开"], states
        history = admin.driver.find_element(By.CSS_SELECTOR, "ol.history").text
        for step in ("受理留言", "转办", "签收", "答复", "答复审核通过", "公开留言及答复"):
            assert step in history, f"the history records {step}: {history}"
        both_widths(admin.driver, "admin-published")
        print(f"OK: admin approved the reply and published it: {' → '.join(states)}")

        # The citizen looks it up with number and code and reads the reply.
        status = look_up(citizen, base, number, code)
        assert status and "已公开" in status and REPLY in status, status
        assert OFFICE in status, f"the answering organ is named: {status}"
        both_widths(citizen, "lookup", ".letter-status")
        print(f"OK: the citizen looked up {number} with the 查询码 and read the reply from {OFFICE}")

        # The channel's page shows the letter with the personal data masked.
        citizen.get(channel_url)
        letter = WebDriverWait(citizen, 10).until(EC.presence_of_element_located(
            (By.XPATH, f"//article[@class='published-letter'][.//p[contains(., '{number}')]]")))
        text = letter.text
        assert MOBILE not in citizen.page_source and ID_NUMBER not in citizen.page_source, "the raw numbers are not public"
        assert "138****5678" in text and "360102********0013" in text, text
        assert NAME not in text and REPLY[:20] in text, text
        citizen.execute_script("arguments[0].scrollIntoView()", letter)
        for width, set_width in (("1366", walk.desktop), ("390", walk.phone)):
            set_width(citizen)
            citizen.execute_script("arguments[0].scrollIntoView()", letter)
            walk.shot(citizen, f"letters-public-reply-{width}")
        assert citizen.execute_script("return document.documentElement.scrollWidth") <= 390, "the public reply fits a phone"
        walk.desktop(citizen)
        print("OK: the channel's page shows the letter and its reply with 138****5678 and 360102********0013")

        # The citizen rates the reply 满意; the rating is shown, and it cannot be given twice.
        look_up(citizen, base, number, code)
        rate = citizen.find_element(By.CSS_SELECTOR, "form.letter-rate")
        rate.find_element(By.XPATH, ".//label[normalize-space(.)='满意']/input").click()
        rate.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        WebDriverWait(citizen, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".letter-status .notice")))
        section = citizen.find_element(By.CSS_SELECTOR, ".letter-status")
        assert "感谢您的评价" in section.text, section.text
        rating = section.find_element(By.XPATH, ".//dt[.='您的评价']/following-sibling::dd[1]").text
        assert rating == "满意", rating
        assert not citizen.find_elements(By.CSS_SELECTOR, "form.letter-rate"), "rated once"
        both_widths(citizen, "rated", ".letter-status")
        status = look_up(citizen, base, number, code)
        assert status and "您的评价" in status and "满意" in status, status
        print(f"OK: the citizen rated the reply 满意; the look-up shows 您的评价 {rating} ({time.time() - started:.0f} s)")
    finally:
        for close in closers:
            try:
                close()
            except Exception:
                pass
        server.terminate()
        server.wait(timeout=15)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
