(()=>{"use strict";
const get=id=>fetch("/api/v1/products/"+id).then(r=>r.ok?r.json():null).then(j=>j&&j.product).catch(()=>null);
const tags=()=>{if(document.visibilityState==="visible")for(const tag of document.querySelectorAll("[data-card-stock]"))get(tag.dataset.cardStock).then(p=>{if(!p)return;
const open=p.variants.filter(v=>v.available!==0),left=open.reduce((n,v)=>v.available===null?Infinity:n+v.available,0);
tag.dataset.status=open.length?"low":"out";tag.textContent=open.length?(left<=5?"Only "+left+" left":""):"Sold out"})};
if(document.querySelector("[data-card-stock]")){tags();setInterval(tags,3e4+Math.random()*1e4);document.addEventListener("visibilitychange",tags)}
const f=document.querySelector("form[data-product-id]");if(!f)return;
const $=s=>f.querySelector(s),btn=$("button[type=submit]");
function show(p){let open=false;for(const v of p.variants){const out=v.available===0,s=$('[data-stock-for="'+v.id+'"]'),r=$('input[type=radio][value="'+v.id+'"]');
if(s){s.textContent=v.available===null?"":out?"Sold out":v.available+" left";s.dataset.out=out?"1":""}
if(r){r.disabled=out;if(out)r.checked=false}if(!out)open=true}
if(!$("input[type=radio]:checked")){const r=$("input[type=radio]:enabled");if(r)r.checked=true}
btn.disabled=!open;btn.textContent=open?"Buy now":"Sold out"}
const load=()=>get(f.dataset.productId).then(p=>{if(p)show(p)});
load();document.addEventListener("visibilitychange",()=>{if(document.visibilityState==="visible")load()})})();
