<?php

namespace Klussen\Tests;

use Klussen\Core\Config;
use Klussen\Core\FragmentEmbedder;
use Klussen\Core\PageContext;
use Klussen\Core\Pages;
use Klussen\Core\SidecarClient;
use Klussen\Core\UnavailableBlock;
use Klussen\Core\Viewer;
use PHPUnit\Framework\TestCase;

/**
 * Fragments in host pages, and the unavailable block when the sidecar is down or slow.
 */
final class FragmentEmbedderTest extends TestCase
{
    /** @var string */
    private static $url;
    /** @var string */
    private static $log;

    public static function setUpBeforeClass(): void
    {
        [self::$url, self::$log] = Servers::startStub();
    }

    public static function tearDownAfterClass(): void
    {
        Servers::stopAll();
    }

    private static function embedder(string $url = '', int $timeoutMs = 2000, string $language = 'nl'): FragmentEmbedder
    {
        $config = new Config($url !== '' ? $url : self::$url, 'k1', Servers::SECRET, 500, $timeoutMs, 1);
        $page = new PageContext('/klussen/', '/action/klussen/', ['__elgg_ts' => '1767225600', '__elgg_token' => 't0k/en+']);
        return new FragmentEmbedder(new SidecarClient($config), $page, new Viewer(6, $language));
    }

    public function testAFragmentIsEmbeddedAsItCame(): void
    {
        $fragment = self::embedder()->groupTab(40);
        $this->assertTrue($fragment->isOk());
        $this->assertStringStartsWith('<section class="klussen klussen-stub"', $fragment->html());
        $seen = Servers::lastRequest(self::$log);
        $this->assertTrue($seen['verified']);
        $query = [];
        parse_str((string) parse_url($seen['target'], PHP_URL_QUERY), $query);
        $this->assertSame('/widgets/groups/40/klussen', parse_url($seen['target'], PHP_URL_PATH));
        $this->assertSame(['link_base' => '/klussen/', 'action_base' => '/action/klussen/',
            '__elgg_ts' => '1767225600', '__elgg_token' => 't0k/en+'], $query);
    }

    public function testStickyValuesArePostedAsJsonStrings(): void
    {
        $fragment = self::embedder()->newForm(40, ['title' => '', 'people_needed' => 2, 'remote' => 'on',
            '__elgg_token' => 'secret', 'skills' => ['a', 'b']]);
        $this->assertTrue($fragment->isOk());
        $seen = Servers::lastRequest(self::$log);
        $this->assertSame('POST', $seen['method']);
        $this->assertSame(['title' => '', 'people_needed' => '2', 'remote' => 'on', 'skills' => ['a', 'b']],
            json_decode($seen['body'], true));
    }

    public function testNotFoundBecomesANotice(): void
    {
        $fragment = self::embedder()->fetch('GET', '/widgets/missing');
        $this->assertSame(404, $fragment->status());
        $this->assertTrue($fragment->isAvailable());
        $this->assertStringContainsString('bestaat niet', $fragment->html());
    }

    public function testARefusedConnectionShowsTheUnavailableBlock(): void
    {
        $fragment = self::embedder('http://127.0.0.1:' . Servers::freePort())->klus(12);
        $this->assertFalse($fragment->isAvailable());
        $this->assertSame(503, $fragment->status());
        $this->assertStringContainsString('Klussen is tijdelijk niet beschikbaar', $fragment->html());
        $this->assertStringContainsString('role="status"', $fragment->html());
    }

    public function testATimeoutShowsTheUnavailableBlockInTime(): void
    {
        [$url] = Servers::startStub();   // its own: it stays busy with the slow answer
        $started = microtime(true);
        $fragment = self::embedder($url, 300, 'en')->fetch('GET', '/slow', ['ms' => '3000']);
        $this->assertLessThan(2.0, microtime(true) - $started);
        $this->assertFalse($fragment->isAvailable());
        $this->assertStringContainsString('Klussen is temporarily unavailable', $fragment->html());
        $this->assertStringContainsString('lang="en"', $fragment->html());
    }

    public function testTheMinePageShowsBothLists(): void
    {
        $fragment = (new Pages(self::embedder()))->render(['mine']);
        $this->assertNotNull($fragment);
        $this->assertSame(2, substr_count($fragment->html(), '<section'));
        $this->assertNull((new Pages(self::embedder()))->render(['view', 'abc']));
        $this->assertNull((new Pages(self::embedder()))->render(['nothing', '1']));
    }

    public function testTheUnavailableBlockEscapesItsTitle(): void
    {
        $html = UnavailableBlock::render('nl', '<b>x</b>');
        $this->assertStringContainsString('&lt;b&gt;x&lt;/b&gt;', $html);
        $this->assertStringContainsString('lang="nl"', $html);
    }
}
