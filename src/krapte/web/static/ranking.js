// Drag and drop for the student's ranked list (/stages/{rid}/mijn-lijst).
// Progressive enhancement only: without this script the buttons Omhoog, Omlaag and
// Verwijderen (plain POST forms) do everything. With a mouse, a choice can be dragged to a
// new place; the new order is then submitted as the full list (the form #volgorde).
(function () {
  "use strict";

  function setUp() {
    var list = document.querySelector("ol.stage-ranking[data-order-form]");
    if (!list) {
      return;
    }
    var form = document.getElementById(list.getAttribute("data-order-form"));
    if (!form) {
      return;
    }
    var dragged = null;

    function items() {
      return Array.prototype.slice.call(list.querySelectorAll("li[data-offer-id]"));
    }

    function submit() {
      var inputs = form.querySelectorAll('input[name="offer_id"]');
      Array.prototype.forEach.call(inputs, function (input) {
        input.parentNode.removeChild(input);
      });
      items().forEach(function (item) {
        var input = document.createElement("input");
        input.type = "hidden";
        input.name = "offer_id";
        input.value = item.getAttribute("data-offer-id");
        form.appendChild(input);
      });
      var moved = form.querySelector('input[name="moved"]');
      if (moved && dragged) {
        moved.value = dragged.getAttribute("data-offer-id");
      }
      form.submit();
    }

    items().forEach(function (item) {
      if (item.getAttribute("draggable") !== "true") {
        return;
      }
      item.addEventListener("dragstart", function (event) {
        dragged = item;
        item.classList.add("stage-dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", item.getAttribute("data-offer-id"));
      });
      item.addEventListener("dragover", function (event) {
        if (!dragged || dragged === item) {
          return;
        }
        event.preventDefault();
        var box = item.getBoundingClientRect();
        var after = event.clientY > box.top + box.height / 2;
        list.insertBefore(dragged, after ? item.nextSibling : item);
      });
      item.addEventListener("dragend", function () {
        item.classList.remove("stage-dragging");
      });
      item.addEventListener("drop", function (event) {
        event.preventDefault();
      });
    });

    list.addEventListener("drop", function (event) {
      event.preventDefault();
      if (dragged) {
        submit();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
