<?php
/**
 * A stand-in sidecar for the PHPUnit tests, served by PHP's built-in server (real HTTP):
 * it checks the signed viewer context with the test secret and answers canned replies.
 * The last request is written to STUB_LOG as JSON so tests can see exactly what was sent.
 */

require __DIR__ . '/../bootstrap.php';

use Klussen\Core\RequestSigner;

$secret = (string) getenv('STUB_SECRET');
$method = $_SERVER['REQUEST_METHOD'];
$target = $_SERVER['REQUEST_URI'];
$path = (string) parse_url($target, PHP_URL_PATH);
$body = (string) file_get_contents('php://input');
$headers = [];
foreach ($_SERVER as $name => $value) {
    if (strpos($name, 'HTTP_') === 0) {
        $headers[str_replace('_', '-', strtolower(substr($name, 5)))] = $value;
    }
}
if (isset($_SERVER['CONTENT_TYPE'])) {
    $headers['content-type'] = $_SERVER['CONTENT_TYPE'];
}

$verified = false;
if (isset($headers['x-klussen-signature'])) {
    $parts = explode('?', $target, 2);
    try {
        $signer = new RequestSigner($headers['x-klussen-key-id'] ?? '', $secret);
        $canonical = $signer->canonicalRequest($method, $parts[0], $parts[1] ?? '',
            $headers['x-klussen-timestamp'] ?? '', $headers['x-klussen-nonce'] ?? '',
            $headers['x-klussen-viewer'] ?? '', $headers['x-klussen-language'] ?? '',
            $headers['x-klussen-site'] ?? '', $body);
        $verified = hash_equals(hash_hmac('sha256', $canonical, $secret), $headers['x-klussen-signature']);
    } catch (InvalidArgumentException $e) {
        $verified = false;
    }
}
$log = getenv('STUB_LOG');
if ($log) {
    file_put_contents($log, json_encode(['method' => $method, 'target' => $target, 'headers' => $headers,
        'body' => $body, 'verified' => $verified]));
}

function answer(int $status, $json): void
{
    http_response_code($status);
    header('Content-Type: application/json; charset=utf-8');
    header('X-Request-Id: stub');
    echo json_encode($json);
}

function fields_error(array $fields): void
{
    answer(400, ['error' => ['code' => 'invalid_argument', 'message' => 'invalid fields', 'fields' => $fields],
        'request_id' => 'stub']);
}

if ($path === '/readyz') {
    answer(200, ['status' => 'ready']);
    return true;
}
if (!$verified) {
    answer(401, ['error' => ['code' => 'unauthenticated', 'message' => 'unauthenticated']]);
    return true;
}
if ($path === '/echo') {
    answer(200, ['method' => $method, 'target' => $target, 'headers' => $headers, 'body' => $body]);
    return true;
}
if ($path === '/slow') {
    usleep((int) ($_GET['ms'] ?? 2000) * 1000);
    answer(200, ['slept' => true]);
    return true;
}
if (preg_match('#\A/status/(\d{3})\z#', $path, $m)) {
    answer((int) $m[1], ['error' => ['code' => 'x', 'message' => 'status ' . $m[1]]]);
    return true;
}
if (strpos($path, '/widgets/') === 0) {
    if (strpos($path, '/widgets/missing') === 0) {
        answer(404, ['error' => ['code' => 'not_found', 'message' => 'no such thing']]);
        return true;
    }
    header('Content-Type: text/html; charset=utf-8');
    echo '<section class="klussen klussen-stub" lang="nl"><h2>Stub</h2><pre>'
        . htmlspecialchars($method . ' ' . $target . "\n" . $body) . '</pre></section>';
    return true;
}
if ($path === '/api/v1/groups/40/klussen' && $method === 'POST') {
    $input = json_decode($body, true);
    $title = $input['title'] ?? '';
    if ($title === '') {
        fields_error([['field' => 'title', 'code' => 'required', 'message' => 'Vul een titel in.']]);
    } elseif ($title === 'conflict') {
        answer(409, ['error' => ['code' => 'conflict', 'message' => 'nope']]);
    } else {
        header('Location: /api/v1/klussen/12');
        answer(201, ['id' => 12, 'group_guid' => 40, 'title' => $title]);
    }
    return true;
}
if ($path === '/api/v1/klussen/12' && $method === 'PUT') {
    answer(409, ['error' => ['code' => 'conflict', 'message' => 'stale version']]);
    return true;
}
if ($path === '/api/v1/klussen/12/apply') {
    $input = json_decode($body, true);
    if (($input['motivation'] ?? '') === '') {
        fields_error([['field' => 'motivation', 'code' => 'required', 'message' => 'Schrijf een korte motivatie.']]);
    } else {
        answer(201, ['state' => 'applied']);
    }
    return true;
}
if ($path === '/api/v1/klussen/12/copy') {
    answer(201, ['id' => 13]);
    return true;
}
if (preg_match('#\A/api/v1/klussen/12/participants/8/(decide|complete)\z#', $path)) {
    answer(200, ['ok' => true]);
    return true;
}
// Matching: invitations from the candidates page (user 8 may be invited, 9 cannot see the klus,
// 10 was invited already).
if ($path === '/api/v1/klussen/12/invite' && $method === 'POST') {
    $input = json_decode($body, true);
    $user = $input['user_guid'] ?? 0;
    if ($user === 9) {
        answer(422, ['error' => ['code' => 'failed_precondition', 'message' => 'cannot see']]);
    } elseif ($user === 10) {
        answer(409, ['error' => ['code' => 'conflict', 'message' => 'already invited']]);
    } else {
        answer(201, ['user_guid' => $user, 'state' => 'invited']);
    }
    return true;
}
// Portfolio (docs/api.md "Portfolio"): just enough to see what the glue sends and how it maps answers.
if ($path === '/api/v1/portfolio' && $method === 'PUT') {
    $input = json_decode($body, true);
    if (($input['hours_per_week'] ?? '') === '99') {
        fields_error([['field' => 'hours_per_week', 'code' => 'out_of_range', 'message' => 'Te veel uren.']]);
    } elseif (($input['version'] ?? '') === '1') {
        answer(409, ['error' => ['code' => 'conflict', 'message' => 'stale version']]);
    } else {
        answer(200, ['version' => 2, 'discoverable' => $input['discoverable'] ?? null]);
    }
    return true;
}
if ($path === '/api/v1/portfolio/items' && $method === 'POST') {
    $input = json_decode($body, true);
    if (($input['label'] ?? '') === 'Python') {
        answer(409, ['error' => ['code' => 'conflict', 'message' => 'already there']]);
    } elseif (($input['label'] ?? '') === '') {
        answer(400, ['error' => ['code' => 'invalid_argument', 'message' => "'label' is required"]]);
    } else {
        answer(201, ['id' => 5, 'label' => $input['label']]);
    }
    return true;
}
if (preg_match('#\A/api/v1/portfolio/(items|entries)/5\z#', $path) && $method === 'DELETE') {
    answer(200, ['removed' => 5]);
    return true;
}
if ($path === '/api/v1/portfolio/profile-import' && $method === 'POST') {
    answer(200, ['added' => 2]);
    return true;
}
if ($path === '/api/v1/portfolio/budget-requests' && $method === 'POST') {
    answer(422, ['error' => ['code' => 'failed_precondition', 'message' => 'no manager named']]);
    return true;
}
if ($path === '/api/v1/portfolio/erase' && $method === 'POST') {
    answer(200, ['erased' => true, 'rows' => ['klussen_portfolio' => 1]]);
    return true;
}
if ($path === '/api/v1/portfolio/export' && $method === 'GET') {
    header('Content-Disposition: attachment; filename="klussen-gegevens.json"');
    answer(200, ['klussen_portfolio' => [['user_guid' => 6]]]);
    return true;
}
if (in_array($path, ['/api/v1/portfolio/import/open-badges', '/api/v1/portfolio/import/linkedin'], true) && $method === 'POST') {
    if ($body === 'not a badge') {
        answer(400, ['error' => ['code' => 'invalid_argument', 'message' => 'not an Open Badges assertion']]);
        return true;
    }
    answer(200, ['skills' => [['label' => 'Python'], ['label' => 'SQL']],
        'courses' => [['title' => 'Cursus A'], ['title' => 'Cursus B']],
        'positions' => [['title' => 'Adviseur', 'organisation' => 'BZK']], 'warnings' => []]);
    return true;
}
if ($path === '/api/v1/portfolio/import/save' && $method === 'POST') {
    $input = json_decode($body, true);
    answer(200, ['items_added' => count($input['skills'] ?? []),
        'entries_added' => count($input['courses'] ?? []) + count($input['positions'] ?? [])]);
    return true;
}
answer(404, ['error' => ['code' => 'not_found', 'message' => 'no route ' . $path]]);
return true;
