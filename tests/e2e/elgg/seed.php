<?php
/**
 * Fills a freshly installed Elgg with the people and groups of the real-host browser tests, through
 * Elgg's own API (so the rows are exactly what Elgg writes): run from anywhere as
 *   php seed.php <elgg root> <out.json>
 * Writes {"users": {username: guid}, "groups": {key: guid}} to out.json. Test data only.
 */
if ($argc < 3 || !is_file($argv[1] . '/vendor/autoload.php')) {
    fwrite(STDERR, "usage: php seed.php <elgg root> <out.json>\n");
    exit(2);
}
require $argv[1] . '/vendor/autoload.php';
\Elgg\Application::getInstance()->start();

const PASSWORD = 'klussen-e2e';

$people = [
    // username => [name, language, profile fields [name => [value, access]]]
    'jdevries' => ['Jan de Vries', 'nl', ['location' => ['Den Haag', ACCESS_LOGGED_IN]]],
    'nozturk' => ['Nadia Öztürk', 'nl', [
        'skills' => [['Python', 'SQL'], ACCESS_LOGGED_IN],
        'interests' => [['open data'], ACCESS_PUBLIC],
        'location' => ['Utrecht', ACCESS_PRIVATE],       // only she sees it
    ]],
    'felidrissi' => ['Fatima El Idrissi', 'en', []],
    'kjansen' => ['Kees Jansen', 'nl', []],
    'pbakker' => ['Petra Bakker', 'nl', ['skills' => [['Python', 'datavisualisatie'], ACCESS_LOGGED_IN]]],
    'mvisser' => ['Mark Visser', 'nl', []],
];

$out = ['users' => [], 'groups' => []];
elgg_call(ELGG_IGNORE_ACCESS, function () use ($people, &$out) {
    foreach ($people as $username => [$name, $language, $fields]) {
        $user = get_user_by_username($username);
        if (!$user) {
            $user = elgg_register_user([
                'username' => $username,
                'password' => PASSWORD,
                'name' => $name,
                'email' => "$username@example.org",
                'language' => $language,
                'validated' => true,
            ]);
        }
        foreach ($fields as $field => [$value, $access]) {
            $user->setProfileData($field, $value, $access);
        }
        $user->save();
        $out['users'][$username] = $user->guid;
    }

    $u = function (string $username): \ElggUser {
        return get_user_by_username($username);
    };
    $groups = [
        // key => [name, owner, members, open?, hidden?, klussen tool on?]
        'data' => ['Data en Analyse', 'jdevries', ['nozturk', 'felidrissi', 'pbakker', 'mvisser'], true, false, true],
        'security' => ['Beveiligingsteam', 'nozturk', ['pbakker'], false, true, true],
        'quiet' => ['Stille groep', 'jdevries', ['nozturk'], true, false, false],
    ];
    foreach ($groups as $key => [$name, $owner, $members, $open, $hidden, $tool]) {
        $group = new \ElggGroup();
        $group->owner_guid = $u($owner)->guid;
        $group->container_guid = $u($owner)->guid;
        $group->access_id = ACCESS_PUBLIC;
        $group->name = $name;
        $group->description = "Testgroep $name";
        $group->membership = $open ? ACCESS_PUBLIC : ACCESS_PRIVATE;
        if (!$group->save()) {
            throw new \RuntimeException("group $name not saved");
        }
        if ($hidden) {
            $group->access_id = $group->getOwnedAccessCollection('group_acl')->id;
            $group->save();
        }
        $tool ? $group->enableTool('klussen') : $group->disableTool('klussen');
        $group->join($u($owner));
        foreach ($members as $member) {
            $group->join($u($member));
        }
        $out['groups'][$key] = $group->guid;
    }
    // ColdTrick group_tools' "group admin" of the open group (the sidecar reads the relationship).
    $u('felidrissi')->addRelationship($out['groups']['data'], 'group_admin');
});
file_put_contents($argv[2], json_encode($out) . "\n");
