#include "widgets/html.h"

#include <gtest/gtest.h>

#include <string>

namespace klussen::widgets {
namespace {

constexpr std::string_view kFffd = "\xEF\xBF\xBD";

TEST(EscapeTextTest, EscapesMarkupCharacters) {
  EXPECT_EQ(EscapeText("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
  EXPECT_EQ(EscapeText("a & b \"c\" 'd'"), "a &amp; b &quot;c&quot; &#39;d&#39;");
  EXPECT_EQ(EscapeText("x=`y`"), "x=`y`");  // harmless in text
  EXPECT_EQ(EscapeText(""), "");
}

TEST(EscapeTextTest, PassesUnicodeThroughAndReplacesInvalidBytes) {
  // Right-to-left letters and the weak marks (RLM) stay; see BidiControlsTest for overrides.
  EXPECT_EQ(EscapeText("Zoë 🎉 \u05E9\u05DC\u05D5\u05DD evil\u200F"),
            "Zoë 🎉 \u05E9\u05DC\u05D5\u05DD evil\u200F");
  EXPECT_EQ(EscapeText("a\xFF"
                       "b"),
            std::string("a") + std::string(kFffd) + "b");
  EXPECT_EQ(EscapeText(std::string("nul\0x", 5)), std::string("nul") + std::string(kFffd) + "x");
  EXPECT_EQ(EscapeText("tab\tnew\nline\r"), "tab\tnew\nline\r");
  EXPECT_EQ(EscapeText("\x1B[31m"), std::string(kFffd) + "[31m");
}

TEST(EscapeAttributeTest, EscapesQuotesBackticksAndEquals) {
  EXPECT_EQ(EscapeAttribute("\"><img src=x onerror=alert(1)>"),
            "&quot;&gt;&lt;img src&#61;x onerror&#61;alert(1)&gt;");
  EXPECT_EQ(EscapeAttribute("`'&"), "&#96;&#39;&amp;");
}

TEST(Utf8Test, ValidatesAndReplacesPerMaximalSubpart) {
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("€ 𝄞 ë"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));      // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // > U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\x80"));              // lone continuation
  // A truncated 3-byte sequence is one bad subpart: one U+FFFD, then the 'x'.
  EXPECT_EQ(SanitizeUtf8("\xE2\x82x"), std::string(kFffd) + "x");
  // Overlong C0 AF: two bad bytes, two replacements.
  EXPECT_EQ(SanitizeUtf8("\xC0\xAF"), std::string(kFffd) + std::string(kFffd));
  EXPECT_EQ(SanitizeUtf8("ok €"), "ok €");
  // C1 controls (valid UTF-8) are not allowed in HTML either.
  EXPECT_EQ(SanitizeUtf8("\xC2\x85"), kFffd);
  EXPECT_TRUE(IsValidUtf8(SanitizeUtf8("\xFF\xFE\xF0\x9F\x98")));
}

TEST(SafeUrlTest, AllowsHttpHttpsAndRootRelative) {
  EXPECT_EQ(SafeUrl("https://www.pleio.nl/groups/1?a=b&c=d#x"),
            "https://www.pleio.nl/groups/1?a=b&c=d#x");
  EXPECT_EQ(SafeUrl("HTTP://Example.org"), "HTTP://Example.org");
  EXPECT_EQ(SafeUrl("/klussen/view/3"), "/klussen/view/3");
  EXPECT_EQ(SafeUrl("/"), "/");
}

TEST(SafeUrlTest, RejectsDangerousAndAmbiguousUrls) {
  for (const std::string url : {"javascript:alert(1)",
                                "JaVaScRiPt:alert(1)",
                                " javascript:alert(1)",
                                "java\tscript:alert(1)",
                                "java\nscript:x",
                                "data:text/html,<script>",
                                "vbscript:msgbox",
                                "//evil.example/x",
                                "/\\evil.example",
                                "\\\\evil",
                                "http:/x",
                                "https://",
                                "http:///evil",
                                "relative/path",
                                "#frag",
                                "",
                                "https://exa mple.org",
                                "https://example.org/\u202Egpj.exe",
                                "https://example.org/\xFF",
                                "\x01https://example.org",
                                "mailto:a@b.nl",
                                "https://a.nl\\@evil"}) {
    EXPECT_EQ(SafeUrl(url), "#") << url;
  }
}

TEST(UrlEncodeComponentTest, EncodesAllButUnreserved) {
  EXPECT_EQ(UrlEncodeComponent("a-b_c.d~e"), "a-b_c.d~e");
  EXPECT_EQ(UrlEncodeComponent("a b&c=d/ë"), "a%20b%26c%3Dd%2F%C3%AB");
  EXPECT_EQ(UrlEncodeComponent(""), "");
}

TEST(RenderPlainTextTest, ParagraphsAndLineBreaks) {
  EXPECT_EQ(RenderPlainText("one\ntwo\n\nthree"),
            "<p dir=\"auto\">one<br>\ntwo</p>\n<p dir=\"auto\">three</p>\n");
  EXPECT_EQ(RenderPlainText("a\r\nb\r\r\nc"),
            "<p dir=\"auto\">a<br>\nb</p>\n<p dir=\"auto\">c</p>\n");
  EXPECT_EQ(RenderPlainText("\n\n  \nx\n \t\n\n"), "<p dir=\"auto\">x</p>\n");
  EXPECT_EQ(RenderPlainText(""), "");
  EXPECT_EQ(RenderPlainText(" \n\t"), "");
}

TEST(RenderPlainTextTest, NeverEmitsInputHtml) {
  const std::string html =
      RenderPlainText("<script>alert(1)</script>\n\"><img src=x onerror=alert(1)>");
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
}

TEST(RenderPlainTextTest, LinksBareUrlsWithoutTrailingPunctuation) {
  EXPECT_EQ(RenderPlainText("Zie https://example.org/a?b=1&c=2."),
            "<p dir=\"auto\">Zie <a href=\"https://example.org/a?b&#61;1&amp;c&#61;2\" "
            "rel=\"nofollow noopener ugc\">https://example.org/a?b=1&amp;c=2</a>.</p>\n");
  EXPECT_EQ(RenderPlainText("(http://x.nl/y), en"),
            "<p dir=\"auto\">(<a href=\"http://x.nl/y\" rel=\"nofollow noopener "
            "ugc\">http://x.nl/y</a>), "
            "en</p>\n");
  // Balanced parentheses stay in the link.
  EXPECT_NE(RenderPlainText("https://nl.wikipedia.org/wiki/Foo_(bar)")
                .find(">https://nl.wikipedia.org/wiki/Foo_(bar)</a>"),
            std::string::npos);
}

TEST(RenderPlainTextTest, DoesNotLinkUnsafeOrEmbeddedSchemes) {
  EXPECT_EQ(RenderPlainText("javascript:alert(1)"), "<p dir=\"auto\">javascript:alert(1)</p>\n");
  EXPECT_EQ(RenderPlainText("xhttps://a.nl"), "<p dir=\"auto\">xhttps://a.nl</p>\n");
  EXPECT_EQ(RenderPlainText("https:// nothing"), "<p dir=\"auto\">https:// nothing</p>\n");
  // A quote ends the URL, so it cannot break out of the attribute.
  const std::string html = RenderPlainText("https://a.nl/\"onmouseover=alert(1)");
  EXPECT_NE(html.find("<a href=\"https://a.nl/\" rel"), std::string::npos);
  EXPECT_EQ(html.find("\"onmouseover"), std::string::npos);
  // An RTL override ends the URL and is dropped from the text after it.
  const std::string rtl = RenderPlainText("https://a.nl/x\u202Egpj.exe");
  EXPECT_NE(rtl.find(">https://a.nl/x</a>gpj.exe"), std::string::npos) << rtl;
}

// Trojan-Source-style spoofing: no embedding, override or isolate control and
// no invisible zero-width character reaches widget HTML, in text, attributes
// or rendered plain text; joiners stay where scripts and emoji need them.
TEST(BidiControlsTest, OverridesEmbeddingsIsolatesAndZeroWidthAreDropped) {
  for (const char* control : {"\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067",
                              "\u2068", "\u2069", "\u200B", "\u2060", "\uFEFF"}) {
    const std::string text = std::string("factuur") + control + "exe.pdf";
    EXPECT_EQ(EscapeText(text), "factuurexe.pdf") << control;
    EXPECT_EQ(EscapeAttribute(text), "factuurexe.pdf") << control;
    EXPECT_EQ(RenderPlainText(text), "<p dir=\"auto\">factuurexe.pdf</p>\n") << control;
  }
  EXPECT_EQ(EscapeText("\u202E\u202E<b>\u202C"), "&lt;b&gt;");
  // Invisible padding inside Latin text goes...
  EXPECT_EQ(EscapeText("J\u200Dan J\u200Can \u200DJan Jan\u200D"), "Jan Jan Jan Jan");
  // ...but a joiner between two non-ASCII characters shapes an emoji or a script.
  const std::string technologist = "\U0001F469\u200D\U0001F4BB";
  EXPECT_EQ(EscapeText(technologist), technologist);
  const std::string persian = "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645";
  EXPECT_EQ(EscapeText(persian), persian);
  // Right-to-left text itself stays and gets its own direction per paragraph.
  EXPECT_EQ(RenderPlainText("\u05E9\u05DC\u05D5\u05DD (3)"),
            "<p dir=\"auto\">\u05E9\u05DC\u05D5\u05DD (3)</p>\n");
}

TEST(RenderPlainTextTest, HandlesInvalidUtf8AndLargeInput) {
  const std::string html = RenderPlainText("caf\xC3 \xFF https://a.nl/\xFF");
  EXPECT_TRUE(IsValidUtf8(html));
  EXPECT_NE(html.find(kFffd), std::string::npos);

  std::string big;
  while (big.size() < 1'000'000) big += "<b>x</b> https://example.org/p?q=1 & meer\n\n";
  const std::string out = RenderPlainText(big);
  EXPECT_EQ(out.find("<b>"), std::string::npos);
  EXPECT_GT(out.size(), big.size());
  EXPECT_TRUE(IsValidUtf8(out));
}

TEST(RenderPlainTextTest, AdversarialRunsStayLinear) {
  // Each of these would take minutes with a quadratic scan.
  std::string slashes;
  while (slashes.size() < 400'000) slashes += "https:///";
  EXPECT_EQ(RenderPlainText(slashes).find("<a "), std::string::npos);

  const std::string closers = "https://a.nl/" + std::string(400'000, ')');
  const std::string html = RenderPlainText(closers);
  EXPECT_NE(html.find(">https://a.nl/</a>)))"), std::string::npos);

  std::string nested;
  while (nested.size() < 400'000) nested += "https://a.nl/(x)";
  EXPECT_EQ(RenderPlainText(nested).find("</a><a"), std::string::npos);  // one long link
}

}  // namespace
}  // namespace klussen::widgets
