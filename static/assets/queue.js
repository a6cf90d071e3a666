(()=>{"use strict";
const df=window.dropfront,q=document.querySelector("[data-queue]");if(!df||!q)return;
const $=s=>q.querySelector(s),id=q.dataset.dropId,opens=Date.parse(q.dataset.opensAt),starts=Date.parse(q.dataset.startsAt),store="queue:"+id;
const join=$("form.queue-join"),reserve=$("form.reserve"),card=$("[data-queue-card]"),u=new URLSearchParams(location.search);
const set=(s,v)=>{const e=$(s);if(e&&e.textContent!==v)e.textContent=v};
let mine=null,t=null,live=null,heard=0,readAt=0,reading=false,soon=0,pace=0;
try{mine=JSON.parse(localStorage.getItem(store)||"null")}catch(e){}
const tk=u.get("ticket");if(tk&&u.get("token"))mine={ticketId:tk,ticketToken:u.get("token"),email:mine&&mine.ticketId===tk?mine.email:""};
const keep=()=>{try{mine?localStorage.setItem(store,JSON.stringify(mine)):localStorage.removeItem(store)}catch(e){}};keep();
function read(){if(!mine||reading)return;reading=true;readAt=Date.now();
fetch("/api/v1/drops/"+id+"/queue/"+encodeURIComponent(mine.ticketId)+"?token="+encodeURIComponent(mine.ticketToken),{cache:"no-store"}).then(r=>{
if(r.status===404){mine=t=null;keep();set("[data-queue-notice]","That link to a place in the queue is not valid: join with your email.");paint();return}
return r.ok&&r.json().then(j=>show(j.ticket))}).catch(()=>{}).finally(()=>{reading=false})}
function later(){if(!soon)soon=setTimeout(()=>{soon=0;read()},Math.max(0,readAt+1e3-Date.now())+Math.random()*1e3)}
function show(x){t=x;if(x.status==="waiting")pace=x.estimate.seconds?x.ahead/x.estimate.seconds:0;paint()}
function paint(){const n=df.now(),st=live&&live.status;
set("[data-queue-countdown]",n<opens?"Queue opens in "+df.left(opens-n):"");set("[data-queue-opens-label]",n<opens?"opens":"opened");
if(join){join.hidden=!!mine;$("form.queue-join button").disabled=n<opens||st==="ended"||st==="canceled"}
card.hidden=!t;if(reserve)reserve.hidden=!t||t.status!=="admitted";if(!t)return;card.dataset.status=t.status;
const placed=t.position!==null;let state,note="",ahead=null;
if(t.status==="waiting"&&!placed){state="You're in the queue.";note=n<starts?"Your place is drawn at the opening: arriving early gives no advantage.":"Your place is being assigned."}
else if(t.status==="waiting"){state="Waiting for your turn.";ahead=live?Math.min(t.ahead,Math.max(0,t.position-live.admittedThrough-1)):t.ahead;const units=t.estimate.unitsLeft;
note=units!==null&&ahead>0&&ahead>=units?"Fewer units are left ("+units+") than people ahead of you: you get in only if holds expire unbought.":ahead===0?"You're next.":pace?"About "+df.left(ahead/pace*1e3)+" at the current pace.":""}
else if(t.status==="admitted"){const ms=Date.parse(t.admittedUntil)-n;state="It's your turn!";note="Reserve within "+df.left(ms)+", with the email you joined with.";
if(reserve){reserve.dataset.admission=t.admissionToken;const e=reserve.querySelector("[name=email]");if(mine&&mine.email&&!e.value)e.value=mine.email}
if(ms<=0&&Date.now()-readAt>2e3)read()}
else if(t.status==="sold_out"){state="Sold out.";note="Every unit was sold before your turn came. Thank you for waiting."}
else state=t.admittedUntil?"Your turn to reserve ran out.":"The drop ended before your turn came.";
set("[data-queue-state]",state);set("[data-queue-note]",note);set("[data-queue-place]",placed?"#"+t.position:n<starts?"Drawn at the opening":"Being drawn");
$("[data-queue-ahead-row]").hidden=ahead===null;set("[data-queue-ahead]",String(ahead))}
addEventListener("dropfront:queue",e=>{const m=e.detail,was=live;live=m;heard=Date.now();
if(t&&t.status==="waiting"&&(was&&was.status!==m.status||m.waiting===0||(t.position===null?df.now()>=starts:m.admittedThrough>=t.position)))later();paint()});
if(join)join.addEventListener("submit",async e=>{e.preventDefault();const b=$("form.queue-join button"),f=new FormData(join),email=String(f.get("email")).trim(),a=$("form.queue-join .alert");
b.disabled=true;a.textContent="";set("[data-queue-notice]","");
try{const r=await df.post("/api/v1/drops/"+id+"/queue",{email,turnstileToken:f.get("cf-turnstile-response")||undefined});
if(r.ticketToken){mine={ticketId:r.ticket.id,ticketToken:r.ticketToken,email};keep();show(r.ticket)}
else set("[data-queue-notice]","This email is already in the queue: we have emailed it the link to its place.")}
catch(err){a.textContent=err.message}if(window.turnstile)turnstile.reset();b.disabled=false});
document.addEventListener("visibilitychange",()=>{if(document.visibilityState==="visible")read()});
setInterval(()=>{const n=Date.now();paint();if(mine&&n-readAt>4e3&&(!t||t.status==="waiting"&&df.now()>=starts&&n-heard>6e3))read()},500);
read();paint()})();
