<?php

use Klussen\Core\FragmentChrome;
use PHPUnit\Framework\TestCase;

final class FragmentChromeTest extends TestCase
{
    public function testLiftsThePageTitleAsTextAndRemovesIt(): void
    {
        $html = "<section class=\"klussen\">\n<h2 class=\"klussen-page-title\">Data &amp; <em>Woo</em></h2>\n<p>Body</p></section>";
        [$title, $rest] = FragmentChrome::liftTitle($html);
        $this->assertSame('Data & Woo', $title);
        $this->assertSame("<section class=\"klussen\">\n<p>Body</p></section>", $rest);
    }

    public function testLiftsOnlyTheMarkedTitleOfTheAskedKind(): void
    {
        $html = '<h2>Plain</h2><h3 class="x klussen-widget-title y">Klussen voor jou</h3><h2 class="klussen-page-title">Page</h2>';
        [$title, $rest] = FragmentChrome::liftTitle($html, FragmentChrome::WIDGET_TITLE);
        $this->assertSame('Klussen voor jou', $title);
        $this->assertSame('<h2>Plain</h2><h2 class="klussen-page-title">Page</h2>', $rest);
        [$page] = FragmentChrome::liftTitle($rest);
        $this->assertSame('Page', $page);
    }

    public function testAFragmentWithoutATitlePassesUnchanged(): void
    {
        $html = '<section class="klussen"><h2>Klussen</h2></section>';
        $this->assertSame([null, $html], FragmentChrome::liftTitle($html));
        $this->assertSame([null, '<h2 class="klussen-page-title"> </h2>'],
            FragmentChrome::liftTitle('<h2 class="klussen-page-title"> </h2>'));
    }

    public function testPeopleAreRenderedByTheHostAndKeptWhenItCannot(): void
    {
        $html = '<p><span class="klussen-person" data-user-guid="7">Jan &amp; co</span>, '
            . '<span class="klussen-person" data-user-guid="8">Hidden</span></p>';
        $seen = [];
        $out = FragmentChrome::people($html, function (int $guid, string $name) use (&$seen): ?string {
            $seen[] = [$guid, $name];
            return $guid === 7 ? '<a href="/profile/jan">Jan</a>' : null;
        });
        $this->assertSame([[7, 'Jan &amp; co'], [8, 'Hidden']], $seen);
        $this->assertSame('<p><a href="/profile/jan">Jan</a>, <span class="klussen-person" data-user-guid="8">Hidden</span></p>', $out);
    }

    public function testMarkersWithBadGuidsAreNotPeople(): void
    {
        $html = '<span class="klussen-person" data-user-guid="0">Nobody</span><span class="klussen-person" data-user-guid="x">X</span>';
        $out = FragmentChrome::people($html, function (): string {
            return 'replaced';
        });
        $this->assertSame($html, $out);
    }
}
