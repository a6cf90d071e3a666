(()=>{"use strict";
const f=document.querySelector("form[data-product-id]");if(!f)return;
const $=s=>f.querySelector(s),btn=$("button[type=submit]");
function show(p){let open=false;for(const v of p.variants){const out=v.available===0,s=$('[data-stock-for="'+v.id+'"]'),r=$('input[type=radio][value="'+v.id+'"]');
if(s){s.textContent=v.available===null?"":out?"Sold out":v.available+" left";s.dataset.out=out?"1":""}
if(r){r.disabled=out;if(out)r.checked=false}if(!out)open=true}
if(!$("input[type=radio]:checked")){const r=$("input[type=radio]:enabled");if(r)r.checked=true}
btn.disabled=!open;btn.textContent=open?"Buy now":"Sold out"}
const load=()=>fetch("/api/v1/products/"+f.dataset.productId).then(r=>r.ok?r.json():null).then(j=>{if(j&&j.product)show(j.product)}).catch(()=>{});
load();document.addEventListener("visibilitychange",()=>{if(document.visibilityState==="visible")load()})})();
