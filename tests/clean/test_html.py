from luodi.clean.html import extract

PAGE = """<html><body><nav><a href="/">首页</a> <a href="/news">新闻</a></nav>
<article><h1>关于春节期间服务安排的公告</h1>
<p>为保障春节期间快件安全和员工休息，现将本公司春节期间的服务安排公告如下，请各位客户提前做好寄件安排。</p>
<table><thead><tr><th>业务类型</th><th>服务日期</th><th>说明</th></tr></thead>
<tbody><tr><td>同城件</td><td>2月15日—2月23日</td><td>正常收寄和派送</td></tr>
<tr><td>跨省件</td><td>2月19日—2月23日</td><td>2月16日至2月18日暂停收寄，派送正常</td></tr></tbody></table>
<p>春节服务期内收寄的每票快件加收节日服务费3元，该费用全部用于春节期间在岗员工的节日补贴。</p>
</article></body></html>"""


def test_a_table_row_stays_on_one_line():
    text, _ = extract(PAGE)
    lines = text.splitlines()
    assert "业务类型 | 服务日期 | 说明" in lines
    assert "跨省件 | 2月19日—2月23日 | 2月16日至2月18日暂停收寄，派送正常" in lines
    assert "节日服务费3元" in text and "首页" not in text


def test_an_index_of_links_is_the_content_when_nothing_else_is():
    """A novel's chapter index: a line of introduction and a long list of links. The block
    extractor sets link lists aside; with next to nothing left, trafilatura's text is taken."""
    links = "".join(f'<li><a href="/book/{i}.html">第{i}章 风起云涌之{i}</a></li>' for i in range(1, 120))
    page = (f"<html><body><nav><a href='/'>首页</a></nav><div id='main'><h1>逆风之书</h1>"
            f"<p>一个少年的远行。</p><ul>{links}</ul></div></body></html>")
    text, _ = extract(page)
    assert "第1章 风起云涌之1" in text and "第119章 风起云涌之119" in text


def test_an_articles_short_heading_is_kept():
    """Four characters weigh less than a block costs; the notice's name is still its content."""
    page = ('<html><head><title>Notice</title></head><body><nav><a href="/">首页</a></nav><article>'
            '<h1>停运公告</h1><p>第一条 每件快递重量不得超过三十公斤，超过的请走大件物流。</p>'
            '<p>第二条 易燃易爆物品一律不予收寄，违者追究责任。</p></article></body></html>')
    text, _ = extract(page)
    assert text.split("\n")[0] == "停运公告" and "首页" not in text
