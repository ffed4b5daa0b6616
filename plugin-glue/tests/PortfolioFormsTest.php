<?php

namespace Klussen\Tests;

use Klussen\Core\ArraySessionStore;
use Klussen\Core\Config;
use Klussen\Core\FormForwarder;
use Klussen\Core\FragmentEmbedder;
use Klussen\Core\Messages;
use Klussen\Core\PageContext;
use Klussen\Core\Pages;
use Klussen\Core\SidecarClient;
use Klussen\Core\Viewer;
use PHPUnit\Framework\TestCase;

/**
 * The invite action of the candidates page and the portfolio's form actions → signed API calls →
 * message, page, sticky form or import preview, against the stub sidecar over real HTTP.
 */
final class PortfolioFormsTest extends TestCase
{
    /** @var string */
    private static $url;
    /** @var string */
    private static $log;
    /** @var array<string, mixed> */
    private $session = [];
    /** @var array<int, string> */
    private $tempFiles = [];

    private const TOKENS = ['__elgg_ts' => '1767225600', '__elgg_token' => 'abc123'];

    public static function setUpBeforeClass(): void
    {
        [self::$url, self::$log] = Servers::startStub();
    }

    public static function tearDownAfterClass(): void
    {
        Servers::stopAll();
    }

    protected function tearDown(): void
    {
        foreach ($this->tempFiles as $file) {
            @unlink($file);
        }
    }

    private function forwarder(bool $withSession = true): FormForwarder
    {
        $config = new Config(self::$url, 'k1', Servers::SECRET, 500, 2000, 1);
        return new FormForwarder(new SidecarClient($config), new PageContext('/klussen/', '/action/klussen/', self::TOKENS),
            $withSession ? new ArraySessionStore($this->session) : null);
    }

    private function pages(): Pages
    {
        $config = new Config(self::$url, 'k1', Servers::SECRET, 500, 2000, 1);
        $embedder = new FragmentEmbedder(new SidecarClient($config), new PageContext('/klussen/', '/action/klussen/'),
            new Viewer(6, 'nl'));
        return new Pages($embedder, new ArraySessionStore($this->session));
    }

    /** An upload as PHP puts it in $_FILES. */
    private function upload(string $bytes, int $error = UPLOAD_ERR_OK): array
    {
        $file = (string) tempnam(sys_get_temp_dir(), 'klussen-upload');
        file_put_contents($file, $bytes);
        $this->tempFiles[] = $file;
        return ['file' => ['name' => 'badge.json', 'type' => 'application/json', 'tmp_name' => $file,
            'error' => $error, 'size' => strlen($bytes)]];
    }

    private static function sent(): array
    {
        return Servers::lastRequest(self::$log);
    }

    public function testEveryActionHasItsActionFile(): void
    {
        foreach (FormForwarder::ACTIONS as $action) {
            $file = dirname(__DIR__) . '/actions/klussen/' . $action . '.php';
            $this->assertFileExists($file);
            $this->assertStringContainsString("Glue::action('" . $action . "')", (string) file_get_contents($file));
        }
    }

    public function testAnInvitationGoesBackToTheCandidates(): void
    {
        $result = $this->forwarder()->forward('invite', self::TOKENS + ['klus_id' => '12', 'user_guid' => '8',
            'message' => ' Doe je mee? '], new Viewer(7, 'nl'));
        $this->assertTrue($result->isSuccess());
        $this->assertSame('klussen:invited', $result->messageKey());
        $this->assertSame('/klussen/candidates/12', $result->redirect());
        $this->assertSame('De uitnodiging is verstuurd.', $result->message(new Messages('nl')));
        $seen = self::sent();
        $this->assertTrue($seen['verified']);
        $this->assertSame('/api/v1/klussen/12/invite', $seen['target']);
        $this->assertSame(['user_guid' => 8, 'message' => 'Doe je mee?'], json_decode($seen['body'], true));

        // An empty message is left out.
        $this->forwarder()->forward('invite', ['klus_id' => '12', 'user_guid' => '8', 'message' => ''], new Viewer(7, 'nl'));
        $this->assertSame(['user_guid' => 8], json_decode(self::sent()['body'], true));
    }

    public function testInvitationErrorsSayWhatHappened(): void
    {
        $result = $this->forwarder()->forward('invite', ['klus_id' => '12', 'user_guid' => '9'], new Viewer(7, 'en'));
        $this->assertFalse($result->isSuccess());
        $this->assertSame('klussen:error:invite_cannot_see', $result->messageKey());
        $this->assertNull($result->redirect());
        $this->assertStringContainsString('cannot see the klus', $result->message(new Messages('en')));
        $result = $this->forwarder()->forward('invite', ['klus_id' => '12', 'user_guid' => '10'], new Viewer(7, 'nl'));
        $this->assertSame('klussen:error:invite_conflict', $result->messageKey());
        // Without a person there is no call.
        $before = self::sent();
        $result = $this->forwarder()->forward('invite', ['klus_id' => '12', 'user_guid' => 'x'], new Viewer(7, 'nl'));
        $this->assertSame('klussen:error:not_found', $result->messageKey());
        $this->assertSame($before, self::sent());
    }

    public function testTheSettingsFormIsAPutWithTheCheckboxesSpelledOut(): void
    {
        $input = self::TOKENS + ['version' => '3', 'about' => 'Analist', 'about_visibility' => 'site',
            'region' => ' Den Haag ', 'hours_per_week' => '8', 'available_from' => '', 'available_until' => '',
            'availability_visibility' => 'site', 'manager_guid' => '', 'action' => 'klussen/portfolio_save'];
        $result = $this->forwarder()->forward('portfolio_save', $input, new Viewer(6, 'nl'));
        $this->assertTrue($result->isSuccess());
        $this->assertSame('klussen:portfolio:saved', $result->messageKey());
        $this->assertSame('/klussen/portfolio/edit', $result->redirect());
        $seen = self::sent();
        $this->assertSame('PUT', $seen['method']);
        $this->assertSame('/api/v1/portfolio', $seen['target']);
        $this->assertSame(['discoverable' => false, 'about' => 'Analist', 'about_visibility' => 'site',
            'region' => 'Den Haag', 'hours_per_week' => '8', 'available_from' => '', 'available_until' => '',
            'weekdays' => [], 'availability_visibility' => 'site', 'manager_guid' => '', 'version' => '3'],
            json_decode($seen['body'], true));

        $this->forwarder()->forward('portfolio_save', ['discoverable' => '1', 'weekdays' => ['1', '3'], 'version' => '3'],
            new Viewer(6, 'nl'));
        $this->assertSame(['discoverable' => true, 'weekdays' => ['1', '3'], 'version' => '3'],
            json_decode(self::sent()['body'], true));
    }

    public function testSettingsFieldErrorsShowTheFormAgainWithTheValues(): void
    {
        $input = self::TOKENS + ['version' => '3', 'region' => 'Den Haag', 'hours_per_week' => '99', 'discoverable' => '1'];
        $result = $this->forwarder()->forward('portfolio_save', $input, new Viewer(6, 'nl'));
        $this->assertFalse($result->isSuccess());
        $this->assertSame(400, $result->status());
        $this->assertSame('klussen:error:fields', $result->messageKey());
        $this->assertSame('/klussen/portfolio/edit', $result->redirect());
        $this->assertSame('portfolio', $result->stickyForm());
        $this->assertSame(Pages::stickyFormOf(['portfolio', 'edit']), $result->stickyForm());
        $this->assertSame(['discoverable' => '1', 'region' => 'Den Haag', 'hours_per_week' => '99', 'weekdays' => []],
            $result->sticky());

        // The edit page posts them to the form route, which shows them with the messages.
        $fragment = $this->pages()->render(['portfolio', 'edit'], [], $result->sticky());
        $this->assertTrue($fragment->isOk());
        $seen = self::sent();
        $this->assertSame('POST', $seen['method']);
        $this->assertSame('/widgets/portfolio/edit', parse_url($seen['target'], PHP_URL_PATH));
        $this->assertSame($result->sticky(), json_decode($seen['body'], true));

        $stale = $this->forwarder()->forward('portfolio_save', ['version' => '1'], new Viewer(6, 'nl'));
        $this->assertSame('klussen:error:portfolio_conflict', $stale->messageKey());
        $this->assertNull($stale->sticky());
    }

    public function testItemsAreAddedAndRemoved(): void
    {
        $result = $this->forwarder()->forward('portfolio_item_add', self::TOKENS + ['kind' => 'skill', 'label' => 'GIS',
            'level' => '2', 'visibility' => 'site'], new Viewer(6, 'nl'));
        $this->assertTrue($result->isSuccess());
        $this->assertSame('"GIS" staat nu in je portfolio.', $result->message(new Messages('nl')));
        $this->assertSame('/klussen/portfolio/edit', $result->redirect());
        $this->assertSame(['kind' => 'skill', 'label' => 'GIS', 'level' => '2', 'visibility' => 'site'],
            json_decode(self::sent()['body'], true));

        $twice = $this->forwarder()->forward('portfolio_item_add', ['kind' => 'skill', 'label' => 'Python'], new Viewer(6, 'nl'));
        $this->assertSame('klussen:error:item_exists', $twice->messageKey());
        $invalid = $this->forwarder()->forward('portfolio_item_add', ['kind' => 'skill', 'label' => ''], new Viewer(6, 'nl'));
        // A 400 without field messages does not point at messages that are not there.
        $this->assertSame('klussen:error:invalid', $invalid->messageKey());

        $removed = $this->forwarder()->forward('portfolio_item_remove', ['item_id' => '5'], new Viewer(6, 'nl'));
        $this->assertTrue($removed->isSuccess());
        $this->assertSame('DELETE', self::sent()['method']);
        $this->assertSame('/api/v1/portfolio/items/5', self::sent()['target']);
        $gone = $this->forwarder()->forward('portfolio_entry_remove', ['entry_id' => '6'], new Viewer(6, 'nl'));
        $this->assertSame('klussen:error:portfolio_not_found', $gone->messageKey());
        $this->assertSame('/api/v1/portfolio/entries/6', self::sent()['target']);
        $before = self::sent();
        $bad = $this->forwarder()->forward('portfolio_item_remove', ['item_id' => '5/../../x'], new Viewer(6, 'nl'));
        $this->assertSame('klussen:error:portfolio_not_found', $bad->messageKey());
        $this->assertSame($before, self::sent());
    }

    public function testProfileImportBudgetAndErase(): void
    {
        $result = $this->forwarder()->forward('portfolio_import_profile', self::TOKENS, new Viewer(6, 'nl'));
        $this->assertSame('Uit je profiel overgenomen: 2 onderdelen.', $result->message(new Messages('nl')));
        $this->assertSame('', self::sent()['body']);

        $budget = $this->forwarder()->forward('portfolio_budget_request', ['hours_per_week' => '4', 'from' => '2027-01-01',
            'until' => '', 'note' => ''], new Viewer(6, 'nl'));
        $this->assertSame('klussen:error:budget_no_manager', $budget->messageKey());
        $this->assertSame(['hours_per_week' => '4', 'from' => '2027-01-01'], json_decode(self::sent()['body'], true));

        $before = self::sent();
        $unconfirmed = $this->forwarder()->forward('portfolio_erase', self::TOKENS, new Viewer(6, 'nl'));
        $this->assertSame('klussen:error:erase_confirm', $unconfirmed->messageKey());
        $this->assertSame($before, self::sent(), 'nothing is sent without the confirmation');
        $erased = $this->forwarder()->forward('portfolio_erase', ['confirm' => '1'], new Viewer(6, 'nl'));
        $this->assertTrue($erased->isSuccess());
        $this->assertSame(['confirm' => true], json_decode(self::sent()['body'], true));
    }

    public function testAnUploadShowsThePreviewAndSavesWhatWasKept(): void
    {
        $badge = '{"type": "Assertion"}';
        $result = $this->forwarder()->forward('portfolio_import_badge', self::TOKENS, new Viewer(6, 'nl'), $this->upload($badge));
        $this->assertTrue($result->isSuccess(), $result->messageKey());
        $this->assertSame('/klussen/portfolio/import?preview=1', $result->redirect());
        // The last call was the preview fragment, with the file's bytes as they came.
        $seen = self::sent();
        $this->assertSame('/widgets/portfolio/import/open-badges', parse_url($seen['target'], PHP_URL_PATH));
        $this->assertSame($badge, $seen['body']);
        $this->assertSame('application/json', $seen['headers']['content-type']);
        $stash = Pages::importStash(new ArraySessionStore($this->session));
        $this->assertSame('open_badges', $stash['source']);
        $this->assertCount(2, $stash['rows']['courses']);
        $this->assertStringContainsString('klussen-stub', $stash['html']);

        // The import page shows the kept preview once asked with ?preview=1; else the upload forms.
        $this->assertSame($stash['html'], $this->pages()->render(['portfolio', 'import'], ['preview' => '1'])->html());
        $this->pages()->render(['portfolio', 'import']);
        $this->assertSame('/widgets/portfolio/import', parse_url(self::sent()['target'], PHP_URL_PATH));

        // Skills by label (only the preview's), courses and positions by index into the preview.
        $result = $this->forwarder()->forward('import_save', self::TOKENS + ['source' => 'open_badges',
            'skills' => ['Python', 'Made up'], 'courses' => ['1', '7', 'x'], 'positions' => ['0']], new Viewer(6, 'nl'));
        $this->assertTrue($result->isSuccess());
        $this->assertSame('Overgenomen in je portfolio: 1 vaardigheden en 2 andere onderdelen.', $result->message(new Messages('nl')));
        $this->assertSame('/klussen/portfolio/edit', $result->redirect());
        $this->assertSame(['source' => 'open_badges', 'skills' => ['Python'], 'courses' => [['title' => 'Cursus B']],
            'positions' => [['title' => 'Adviseur', 'organisation' => 'BZK']]], json_decode(self::sent()['body'], true));
        $this->assertNull(Pages::importStash(new ArraySessionStore($this->session)), 'the preview is gone once saved');

        $again = $this->forwarder()->forward('import_save', ['source' => 'open_badges'], new Viewer(6, 'nl'));
        $this->assertSame('klussen:error:import_expired', $again->messageKey());
        $this->assertSame('/klussen/portfolio/import', $again->redirect());
    }

    public function testALinkedInArchiveIsSentAsZip(): void
    {
        $result = $this->forwarder()->forward('portfolio_import_linkedin', [], new Viewer(6, 'nl'), $this->upload("PK\x03\x04zip"));
        $this->assertTrue($result->isSuccess());
        $seen = self::sent();
        $this->assertSame('/widgets/portfolio/import/linkedin', parse_url($seen['target'], PHP_URL_PATH));
        $this->assertSame('application/zip', $seen['headers']['content-type']);
        $this->assertSame('linkedin', Pages::importStash(new ArraySessionStore($this->session))['source']);
    }

    public function testUploadProblemsAreMessages(): void
    {
        $viewer = new Viewer(6, 'nl');
        $this->assertSame('klussen:error:upload_missing', $this->forwarder()->forward('portfolio_import_badge', [], $viewer)->messageKey());
        $this->assertSame('klussen:error:upload_missing',
            $this->forwarder()->forward('portfolio_import_badge', [], $viewer, $this->upload(''))->messageKey());
        $this->assertSame('klussen:error:upload_too_large', $this->forwarder()->forward('portfolio_import_badge', [], $viewer,
            $this->upload('', UPLOAD_ERR_INI_SIZE))->messageKey());
        $invalid = $this->forwarder()->forward('portfolio_import_badge', [], $viewer, $this->upload('not a badge'));
        $this->assertSame('klussen:error:import_invalid', $invalid->messageKey());
        $this->assertNull(Pages::importStash(new ArraySessionStore($this->session)));
        $this->assertFalse($this->forwarder(false)->forward('portfolio_import_badge', [], $viewer, $this->upload('{}'))->isSuccess());
    }

    public function testPortfolioActionsNeedALoggedInViewer(): void
    {
        $before = self::sent();
        $result = $this->forwarder()->forward('portfolio_erase', ['confirm' => '1'], new Viewer(0, 'nl'));
        $this->assertSame('klussen:error:login', $result->messageKey());
        $this->assertSame($before, self::sent());
    }
}
