// Optional: a filter box above long tables. The report reads the same without it (and prints without it).
(function () {
  'use strict';
  var tables = document.querySelectorAll('table[data-filter]');
  Array.prototype.forEach.call(tables, function (table) {
    var body = table.tBodies[0];
    if (!body || body.rows.length < 8) return;
    var input = document.createElement('input');
    input.type = 'search';
    input.className = 'table-filter';
    input.placeholder = 'Filter ' + body.rows.length + ' rows…';
    input.setAttribute('aria-label', 'Filter the table below');
    input.addEventListener('input', function () {
      var q = input.value.toLowerCase();
      Array.prototype.forEach.call(body.rows, function (row) {
        row.hidden = q !== '' && row.textContent.toLowerCase().indexOf(q) === -1;
      });
    });
    table.parentNode.insertBefore(input, table);
  });
})();
