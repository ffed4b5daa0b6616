<?php
/**
 * Plugin settings form (saved by Elgg's plugins/settings/save action as params[<name>]).
 * The secret is never printed back: the field stays empty and shows only a mask of the stored
 * value; an empty field keeps the stored secret (Glue::filterSetting).
 */
$plugin = elgg_extract('entity', $vars);
$config = \Klussen\Elgg\Glue::config();
$stored = (string) elgg_get_plugin_setting('auth_secret', 'klussen');

// elgg_view_field() exists from Elgg 2.3; 1.8-1.12 get the same fields from input views.
$field = function (array $options) {
    if (function_exists('elgg_view_field')) {
        return elgg_view_field($options);
    }
    $type = $options['#type'];
    $label = $options['#label'];
    $help = isset($options['#help']) ? $options['#help'] : '';
    unset($options['#type'], $options['#label'], $options['#help']);
    $id = 'klussen-setting-' . preg_replace('/[^a-z_]/', '', $options['name']);
    $options['id'] = $id;
    $input = elgg_view('input/' . ($type === 'number' || $type === 'url' ? 'text' : $type), $options);
    return '<div><label for="' . $id . '">' . htmlspecialchars($label, ENT_QUOTES, 'UTF-8') . '</label> '
        . $input . ($help !== '' ? '<p class="elgg-subtext">' . htmlspecialchars($help, ENT_QUOTES, 'UTF-8') . '</p>' : '')
        . '</div>';
};

echo '<div class="klussen-settings">';
echo $field([
    '#type' => 'url',
    '#label' => elgg_echo('klussen:settings:sidecar_url'),
    '#help' => elgg_echo('klussen:settings:sidecar_url:help'),
    'name' => 'params[sidecar_url]',
    'value' => $config->sidecarUrl(),
]);
echo $field([
    '#type' => 'text',
    '#label' => elgg_echo('klussen:settings:key_id'),
    'name' => 'params[key_id]',
    'value' => $config->keyId(),
]);
echo $field([
    '#type' => 'password',
    '#label' => elgg_echo('klussen:settings:auth_secret'),
    '#help' => elgg_echo('klussen:settings:auth_secret:help') . ' '
        . ($stored === ''
            ? elgg_echo('klussen:settings:auth_secret:none')
            : elgg_echo('klussen:settings:auth_secret:current', [\Klussen\Core\Config::mask($stored)])),
    'name' => 'params[auth_secret]',
    'value' => '',
    'autocomplete' => 'new-password',
    'always_empty' => true,
]);
echo $field([
    '#type' => 'number',
    '#label' => elgg_echo('klussen:settings:connect_timeout_ms'),
    'name' => 'params[connect_timeout_ms]',
    'value' => $config->connectTimeoutMs(),
    'min' => 1,
    'max' => 60000,
]);
echo $field([
    '#type' => 'number',
    '#label' => elgg_echo('klussen:settings:timeout_ms'),
    'name' => 'params[timeout_ms]',
    'value' => $config->timeoutMs(),
    'min' => 1,
    'max' => 600000,
]);
foreach ($config->problems() as $problem) {
    echo '<p class="elgg-message elgg-state-error">' . htmlspecialchars($problem, ENT_QUOTES, 'UTF-8') . '</p>';
}
echo '<p>' . elgg_view('output/url', [
    'href' => 'action/klussen/test_connection',
    'text' => elgg_echo('klussen:settings:test'),
    'is_action' => true,
    'class' => 'elgg-button elgg-button-action',
]) . '</p>';
echo '</div>';
