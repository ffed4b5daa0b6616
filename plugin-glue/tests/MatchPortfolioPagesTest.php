<?php

namespace Klussen\Tests;

use Klussen\Core\ArraySessionStore;
use Klussen\Core\Config;
use Klussen\Core\FragmentEmbedder;
use Klussen\Core\Messages;
use Klussen\Core\PageContext;
use Klussen\Core\Pages;
use Klussen\Core\SidecarClient;
use Klussen\Core\Viewer;
use PHPUnit\Framework\TestCase;

/**
 * The pages of matching ("Klussen voor jou", candidates) and of the portfolio: which widget route
 * each asks, with what query; titles; the export download.
 */
final class MatchPortfolioPagesTest extends TestCase
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

    private static function embedder(): FragmentEmbedder
    {
        $config = new Config(self::$url, 'k1', Servers::SECRET, 500, 2000, 1);
        return new FragmentEmbedder(new SidecarClient($config), new PageContext('/klussen/', '/action/klussen/'),
            new Viewer(6, 'nl'));
    }

    /** [path, query] of the last call. */
    private static function asked(): array
    {
        $seen = Servers::lastRequest(self::$log);
        $query = [];
        parse_str((string) parse_url($seen['target'], PHP_URL_QUERY), $query);
        unset($query['link_base'], $query['action_base']);
        return [parse_url($seen['target'], PHP_URL_PATH), $query, $seen['method']];
    }

    public function testTheDashboardWidgetAsksForYouWithoutPaging(): void
    {
        $this->assertTrue(self::embedder()->forYou(0, false, 5)->isOk());
        $this->assertSame(['/widgets/klussen/voor-jou', ['limit' => '5'], 'GET'], self::asked());
    }

    public function testTheForYouPagePagesAndPassesTheOffset(): void
    {
        $pages = new Pages(self::embedder());
        $this->assertTrue($pages->render(['voor-jou'], ['offset' => '10'])->isOk());
        $this->assertSame(['/widgets/klussen/voor-jou', ['offset' => '10', 'paging' => '1'], 'GET'], self::asked());
        $pages->render(['voor-jou'], ['offset' => '-3']);
        $this->assertSame(['/widgets/klussen/voor-jou', ['paging' => '1'], 'GET'], self::asked());
    }

    public function testTheCandidatesPage(): void
    {
        $pages = new Pages(self::embedder());
        $this->assertTrue($pages->render(['candidates', '12'], ['offset' => '20'])->isOk());
        $this->assertSame(['/widgets/klussen/12/candidates', ['offset' => '20'], 'GET'], self::asked());
        $pages->render(['candidates', '12', '']);   // a trailing slash
        $this->assertSame(['/widgets/klussen/12/candidates', [], 'GET'], self::asked());
        $this->assertNull($pages->render(['candidates', 'abc']));
        $this->assertNull($pages->render(['candidates']));
    }

    public function testThePortfolioPages(): void
    {
        $pages = new Pages(self::embedder());
        $pages->render(['portfolio', 'edit']);
        $this->assertSame(['/widgets/portfolio/edit', [], 'GET'], self::asked());
        $pages->render(['portfolio', 'preview'], ['as' => 'platform']);
        $this->assertSame(['/widgets/portfolio/preview', ['as' => 'platform'], 'GET'], self::asked());
        $pages->render(['portfolio', 'preview'], ['as' => '<script>']);
        $this->assertSame(['/widgets/portfolio/preview', ['as' => 'site'], 'GET'], self::asked());
        // Without a session (or a kept preview) the import page shows the upload forms.
        $pages->render(['portfolio', 'import'], ['preview' => '1']);
        $this->assertSame(['/widgets/portfolio/import', [], 'GET'], self::asked());
        $this->assertNull($pages->render(['portfolio', 'nothing']));
        $this->assertNull($pages->render(['portfolio']));
        $this->assertNull($pages->render(['portfolio', 'export']), 'the export is a download, not a fragment');
    }

    public function testAKeptPreviewThatIsNotWellFormedIsIgnored(): void
    {
        $session = [Pages::IMPORT_STASH => ['source' => 'linkedin', 'html' => 5]];
        $pages = new Pages(self::embedder(), new ArraySessionStore($session));
        $pages->render(['portfolio', 'import'], ['preview' => '1']);
        $this->assertSame(['/widgets/portfolio/import', [], 'GET'], self::asked());
    }

    public function testTheExportIsTheSidecarsJsonAsADownload(): void
    {
        $this->assertTrue(Pages::isDownload(['portfolio', 'export']));
        $this->assertFalse(Pages::isDownload(['portfolio', 'edit']));
        [$body, $name] = (new Pages(self::embedder()))->export();
        $this->assertSame('klussen-gegevens.json', $name);
        $this->assertSame(['klussen_portfolio' => [['user_guid' => 6]]], json_decode($body, true));
        $this->assertSame(['/api/v1/portfolio/export', [], 'GET'], self::asked());

        $config = new Config('http://127.0.0.1:' . Servers::freePort(), 'k1', Servers::SECRET, 500, 2000, 1);
        $down = new FragmentEmbedder(new SidecarClient($config), new PageContext('/klussen/', '/action/klussen/'), new Viewer(6, 'nl'));
        $this->assertNull((new Pages($down))->export());
        $this->assertStringContainsString('konden nu niet worden opgehaald', Pages::exportFailed('nl')->html());
    }

    public function testTitlesAndStickyForms(): void
    {
        $nl = new Messages('nl');
        $en = new Messages('en');
        $expect = [
            'voor-jou' => [['voor-jou'], 'Klussen voor jou', 'Klussen for you'],
            'candidates' => [['candidates', '12'], 'Geschikte kandidaten', 'Suitable candidates'],
            'edit' => [['portfolio', 'edit'], 'Mijn portfolio', 'My portfolio'],
            'preview' => [['portfolio', 'preview'], 'Wat anderen van mijn portfolio zien', 'What others see of my portfolio'],
            'import' => [['portfolio', 'import'], 'Importeren in mijn portfolio', 'Import into my portfolio'],
        ];
        foreach ($expect as [$segments, $dutch, $english]) {
            $key = Pages::titleKey($segments);
            $this->assertSame($dutch, $nl->get((string) $key));
            $this->assertSame($english, $en->get((string) $key));
        }
        $this->assertNull(Pages::titleKey(['group', '40']));
        $this->assertNull(Pages::titleKey(['portfolio', 'nothing']));
        $this->assertSame('portfolio', Pages::stickyFormOf(['portfolio', 'edit']));
        $this->assertNull(Pages::stickyFormOf(['portfolio', 'preview']));
    }

    public function testAnUploadKeepsItsContentType(): void
    {
        $config = new Config(self::$url, 'k1', Servers::SECRET, 500, 2000, 1);
        $response = (new SidecarClient($config))->request('POST', '/echo', new Viewer(6, 'nl'), "PK\x03\x04",
            ['Content-Type' => 'application/zip']);
        $echo = $response->json();
        $this->assertSame('application/zip', $echo['headers']['content-type']);
        $this->assertSame("PK\x03\x04", $echo['body']);
    }

    public function testEveryTextIsInBothLanguages(): void
    {
        $nl = Messages::table('nl');
        $en = Messages::table('en');
        $this->assertSame([], array_keys(array_diff_key($nl, $en)));
        $this->assertSame([], array_keys(array_diff_key($en, $nl)));
        $sources = '';
        foreach (glob(dirname(__DIR__) . '/classes/Klussen/Core/*.php') as $file) {
            $sources .= file_get_contents($file);
        }
        preg_match_all("/'(klussen:[a-z_:-]+)'/", $sources, $m);
        foreach (array_unique($m[1]) as $key) {
            if (substr($key, -1) === ':') {
                continue;   // a prefix ('klussen:' . $name)
            }
            $this->assertArrayHasKey($key, $nl, $key);
        }
    }
}
